package io.weft.scheduler.api;

/** Life of a DAG: persisted and waiting, running, or ended. */
public enum DagState
{
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED;

    private static final DagState[] VALUES = values();

    public static DagState fromCode(final int code)
    {
        return VALUES[code];
    }

    public boolean isTerminal()
    {
        return this == SUCCEEDED || this == FAILED;
    }
}
