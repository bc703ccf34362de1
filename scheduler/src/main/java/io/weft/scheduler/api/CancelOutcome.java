package io.weft.scheduler.api;

/**
 * The answer to a cancel, or to a DAG pause or resume. All are asynchronous: ACCEPTED means the core will act on
 * it an instant later.
 */
public enum CancelOutcome
{
    ACCEPTED,
    /** No such DAG, or no such job in it. */
    NOT_FOUND,
    /** The DAG (or job) has already ended; nothing to change. */
    ALREADY_FINISHED,
    /** The scheduler's ring is full; retry later. */
    BUSY
}
