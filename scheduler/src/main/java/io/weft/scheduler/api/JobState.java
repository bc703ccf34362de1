package io.weft.scheduler.api;

/**
 * Life of a job. docs/state-machines.md draws the transitions; {@link JobTransitions} is the same table in code,
 * and the core checks every change against it. Ordinals are stored in the grid: add new states at the end.
 */
public enum JobState
{
    /** Some parent has not succeeded yet. */
    WAITING,
    /** In its class's frontier, waiting for a slot. */
    READY,
    /** A slot is reserved and a durable lease issued; the dispatch is on its way. */
    LEASED,
    /** The executor said it started. */
    RUNNING,
    SUCCEEDED,
    /** Failed for good: not retryable, or out of attempts. Listed among the dead letters. */
    FAILED,
    /** Never ran because a job it depends on did not succeed. */
    SKIPPED,
    /** An attempt failed; the next one waits out its backoff. */
    RETRY_WAIT,
    /** Cancelled by a person, or by its DAG's fail-fast policy. */
    CANCELLED,
    /** The hard deadline passed before the job could start. */
    EXPIRED;

    private static final JobState[] VALUES = values();

    public static JobState fromCode(final int code)
    {
        return VALUES[code];
    }

    public boolean isTerminal()
    {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED || this == EXPIRED;
    }

    /** True while an attempt holds a lease and a slot. */
    public boolean holdsLease()
    {
        return this == LEASED || this == RUNNING;
    }
}
