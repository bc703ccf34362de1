package io.weft.scheduler.api;

/** Life of a job attempt as the grid records it. docs/state-machines.md draws the transitions. */
public enum JobState
{
    WAITING,
    READY,
    LEASED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Never ran because a job it depends on failed for good. */
    SKIPPED;

    private static final JobState[] VALUES = values();

    public static JobState fromCode(final int code)
    {
        return VALUES[code];
    }

    public boolean isTerminal()
    {
        return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
}
