package io.weft.scheduler.api;

/**
 * A DAG as the grid holds it, handed to a new owner so it can carry on where the old one stopped. Per-job arrays
 * are indexed like the plan. A job that holds a lease (LEASED or RUNNING) keeps it: its executor may still be
 * running it and will report it, with this token, to whichever node it is linked to next.
 *
 * @param cancelled       a person cancelled the DAG before the old owner could finish it
 * @param cancelRequested per job: someone asked a running job to stop (a cancel, or fail-fast) and its executor had
 *                        not answered yet; null when none was
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
    String[] errors,
    boolean[] cancelRequested)
{
    public AdoptedDag(
        final long dagId,
        final DagPlan plan,
        final long submittedAtEpochMs,
        final DagState state,
        final boolean cancelled,
        final JobState[] jobStates,
        final int[] attempts,
        final long[] fencingTokens,
        final long[] executorIds,
        final long[] readyAtEpochMs,
        final long[] dispatchedAtEpochMs,
        final long[] startedAtEpochMs,
        final long[] finishedAtEpochMs,
        final String[] errors)
    {
        this(dagId, plan, submittedAtEpochMs, state, cancelled, jobStates, attempts, fencingTokens, executorIds,
            readyAtEpochMs, dispatchedAtEpochMs, startedAtEpochMs, finishedAtEpochMs, errors, null);
    }
}
