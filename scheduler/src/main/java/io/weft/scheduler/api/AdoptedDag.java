package io.weft.scheduler.api;

/**
 * A DAG as the grid holds it, handed to a new owner so it can carry on where the old one stopped. Per-job arrays
 * are indexed like the plan. A job that holds a lease (LEASED or RUNNING) keeps it: its executor may still be
 * running it and will report it, with this token, to whichever node it is linked to next.
 *
 * @param cancelled a person cancelled the DAG before the old owner could finish it
 */
public record AdoptedDag(
    long dagId,
    DagPlan plan,
    long submittedAtEpochMs,
    DagState state,
    boolean cancelled,
    JobState[] jobStates,
    int[] attempts,
    long[] fencingTokens,
    long[] executorIds,
    long[] readyAtEpochMs,
    long[] dispatchedAtEpochMs,
    long[] startedAtEpochMs,
    long[] finishedAtEpochMs,
    String[] errors)
{
}
