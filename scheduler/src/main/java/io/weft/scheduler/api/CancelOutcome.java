package io.weft.scheduler.api;

/** The answer to a cancel request. Cancelling is asynchronous: ACCEPTED means the core will act on it. */
public enum CancelOutcome
{
    ACCEPTED,
    /** No such DAG, or no such job in it. */
    NOT_FOUND,
    /** The DAG (or job) has already ended; nothing to cancel. */
    ALREADY_FINISHED,
    /** The scheduler's ring is full; retry later. */
    BUSY
}
