package io.weft.scheduler.api;

/** Life of a DAG. Ordinals are stored in the grid: add new states at the end. */
public enum DagState
{
    /** Durable, nothing leased yet. */
    PENDING,
    /** At least one job has been leased. */
    RUNNING,
    /** Every job succeeded. */
    SUCCEEDED,
    /** Every job is terminal and at least one failed, expired or was skipped. */
    FAILED,
    /** Cancelled by a person; every job is terminal. */
    CANCELLED,
    /** Paused by a person: none of its jobs is dispatched until it is resumed; running ones finish. */
    PAUSED;

    private static final DagState[] VALUES = values();

    public static DagState fromCode(final int code)
    {
        return VALUES[code];
    }

    public boolean isTerminal()
    {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
