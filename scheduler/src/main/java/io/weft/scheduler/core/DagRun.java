package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagTransitions;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobTransitions;

/**
 * The core's live state of one DAG: per-job state in flat primitive arrays indexed like the {@link DagPlan}, so
 * that a state change allocates nothing. Owned by the core's thread alone.
 */
final class DagRun
{
    static final int NOT_IN_BATCH = -1;
    static final int NO_TIMER = -1;

    private static final JobState[] JOB_STATES = JobState.values();

    final long dagId;
    final DagPlan plan;
    final ClassQueue[] queues;
    final long submittedAtEpochMs;
    final long submittedAtNs;

    private DagState state = DagState.PENDING;
    long dagFinishedAtEpochMs;
    int unfinishedJobs;
    /** Jobs that ended FAILED, SKIPPED or EXPIRED: any of them makes the DAG fail. */
    int failedJobs;
    /** Set when a person cancelled the DAG: it ends CANCELLED rather than FAILED or SUCCEEDED. */
    boolean cancelled;
    /** Set while a person has the DAG paused; {@link #stateBeforePause} is what it returns to. */
    boolean paused;
    /** Grows with each pause and resume, so the class side can tell the newest. */
    int pauseVersion;
    DagState stateBeforePause;
    boolean dagDirty;

    final byte[] jobStates;
    /** The job's position in the current journal batch, or {@link #NOT_IN_BATCH}. */
    final int[] batchSlots;
    final long[] leaseExpiresAtEpochMs;
    /**
     * Positions of the job's lease-check, run-timeout and hard-deadline timers in the core's timer heap, or
     * {@link #NO_TIMER}.
     */
    final int[] leaseTimerSlots;
    final int[] runTimerSlots;
    final int[] deadlineTimerSlots;
    /** A lease taken over from an earlier owner that its executor has not reported (heartbeat or callback) yet. */
    final boolean[] awaitingReport;
    /** Someone asked for the job to stop while it held a lease; its attempt ends as cancelled. */
    final boolean[] cancelRequested;
    final int[] attempts;
    final int[] remainingParents;
    final long[] fencingTokens;
    final long[] executorIds;
    final long[] readyAtEpochMs;
    final long[] dispatchedAtEpochMs;
    final long[] startedAtEpochMs;
    final long[] finishedAtEpochMs;
    String[] errors;
    /** The class side's record of this DAG, which the DAG side reaches only through the {@link OwnerLink}. */
    final ClassRun classSide;
    /** What succeeded jobs returned, until the journal has carried it to the grid; most DAGs never need it. */
    byte[][] results;

    DagRun(final long dagId, final DagPlan plan, final ClassQueue[] queues, final long submittedAtEpochMs, final long submittedAtNs)
    {
        final int n = plan.jobCount();
        this.dagId = dagId;
        this.plan = plan;
        this.queues = queues;
        this.submittedAtEpochMs = submittedAtEpochMs;
        this.submittedAtNs = submittedAtNs;
        this.unfinishedJobs = n;
        jobStates = new byte[n];
        batchSlots = new int[n];
        java.util.Arrays.fill(batchSlots, NOT_IN_BATCH);
        leaseExpiresAtEpochMs = new long[n];
        leaseTimerSlots = new int[n];
        runTimerSlots = new int[n];
        deadlineTimerSlots = new int[n];
        java.util.Arrays.fill(leaseTimerSlots, NO_TIMER);
        java.util.Arrays.fill(runTimerSlots, NO_TIMER);
        java.util.Arrays.fill(deadlineTimerSlots, NO_TIMER);
        cancelRequested = new boolean[n];
        awaitingReport = new boolean[n];
        attempts = new int[n];
        remainingParents = new int[n];
        fencingTokens = new long[n];
        executorIds = new long[n];
        readyAtEpochMs = new long[n];
        dispatchedAtEpochMs = new long[n];
        startedAtEpochMs = new long[n];
        finishedAtEpochMs = new long[n];
        for (int i = 0; i < n; i++)
        {
            remainingParents[i] = plan.parentCount(i);
        }
        classSide = new ClassRun(this, queues);
    }

    DagState state()
    {
        return state;
    }

    /** Every DAG state change goes through here, so an illegal one is caught where it happens. */
    void state(final DagState to)
    {
        DagTransitions.check(state, to);
        state = to;
    }

    JobState jobState(final int jobIndex)
    {
        return JOB_STATES[jobStates[jobIndex]];
    }

    /** A state read back from the grid on takeover: it was checked when the old owner made it. */
    void restoreJobState(final int jobIndex, final JobState state)
    {
        jobStates[jobIndex] = (byte)state.ordinal();
    }

    /** The DAG's state as read back from the grid on takeover. */
    void restoreState(final DagState restored)
    {
        state = restored;
    }

    /** Every job state change goes through here, so an illegal one is caught where it happens. */
    void jobState(final int jobIndex, final JobState state)
    {
        JobTransitions.check(jobState(jobIndex), state);
        jobStates[jobIndex] = (byte)state.ordinal();
    }

    String error(final int jobIndex)
    {
        return errors == null ? null : errors[jobIndex];
    }

    void error(final int jobIndex, final String error)
    {
        if (errors == null)
        {
            errors = new String[plan.jobCount()];
        }
        errors[jobIndex] = error;
    }

    byte[] result(final int jobIndex)
    {
        return results == null ? null : results[jobIndex];
    }

    void result(final int jobIndex, final byte[] result)
    {
        if (results == null)
        {
            if (result == null)
            {
                return;
            }
            results = new byte[plan.jobCount()][];
        }
        results[jobIndex] = result;
    }
}
