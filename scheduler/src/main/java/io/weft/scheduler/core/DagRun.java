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
    static final int NOT_IN_FRONTIER = -1;
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
    DagState stateBeforePause;
    /** Ready jobs the planner set aside while the DAG was paused, with their rank and sequence. */
    private int parkedCount;
    private int[] parkedJobs;
    private long[] parkedRanks;
    private long[] parkedSequences;
    boolean dagDirty;

    final byte[] jobStates;
    /** The job's position in the current journal batch, or {@link #NOT_IN_BATCH}. */
    final int[] batchSlots;
    /** The job's position in its class's frontier heap, or {@link #NOT_IN_FRONTIER}. */
    final int[] frontierSlots;
    final long[] leaseExpiresAtEpochMs;
    /**
     * Positions of the job's lease-check, run-timeout and hard-deadline timers in the core's timer heap, or
     * {@link #NO_TIMER}.
     */
    final int[] leaseTimerSlots;
    final int[] runTimerSlots;
    final int[] deadlineTimerSlots;
    /**
     * The job holds a lease taken over from an earlier owner whose executor has not registered here yet, so no
     * slot of this node's ledger backs it; one is reserved when the executor registers.
     */
    final boolean[] slotless;
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
    final long[] readyAtNs;
    /** When the current attempt's slot was reserved (ns), or 0 for a lease taken over from an earlier owner. */
    final long[] leasedAtNs;
    /**
     * The class side's own record of the lease that holds a slot for the job: 0 none; negative, the request id of a
     * reservation waiting for its grant; positive, the token granted (or adopted). Messages from the DAG side are
     * checked against it, so a duplicated or late one changes nothing.
     */
    final long[] slotLeases;
    String[] errors;
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
        frontierSlots = new int[n];
        java.util.Arrays.fill(frontierSlots, NOT_IN_FRONTIER);
        leaseExpiresAtEpochMs = new long[n];
        leaseTimerSlots = new int[n];
        runTimerSlots = new int[n];
        deadlineTimerSlots = new int[n];
        java.util.Arrays.fill(leaseTimerSlots, NO_TIMER);
        java.util.Arrays.fill(runTimerSlots, NO_TIMER);
        java.util.Arrays.fill(deadlineTimerSlots, NO_TIMER);
        cancelRequested = new boolean[n];
        slotless = new boolean[n];
        awaitingReport = new boolean[n];
        attempts = new int[n];
        remainingParents = new int[n];
        fencingTokens = new long[n];
        executorIds = new long[n];
        readyAtEpochMs = new long[n];
        dispatchedAtEpochMs = new long[n];
        startedAtEpochMs = new long[n];
        finishedAtEpochMs = new long[n];
        readyAtNs = new long[n];
        leasedAtNs = new long[n];
        slotLeases = new long[n];
        for (int i = 0; i < n; i++)
        {
            remainingParents[i] = plan.parentCount(i);
        }
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

    void park(final int jobIndex, final long rank, final long sequence)
    {
        if (parkedJobs == null)
        {
            parkedJobs = new int[8];
            parkedRanks = new long[8];
            parkedSequences = new long[8];
        }
        else if (parkedCount == parkedJobs.length)
        {
            parkedJobs = java.util.Arrays.copyOf(parkedJobs, parkedCount * 2);
            parkedRanks = java.util.Arrays.copyOf(parkedRanks, parkedCount * 2);
            parkedSequences = java.util.Arrays.copyOf(parkedSequences, parkedCount * 2);
        }
        parkedJobs[parkedCount] = jobIndex;
        parkedRanks[parkedCount] = rank;
        parkedSequences[parkedCount] = sequence;
        parkedCount++;
    }

    boolean isParked(final int jobIndex)
    {
        for (int i = 0; i < parkedCount; i++)
        {
            if (parkedJobs[i] == jobIndex)
            {
                return true;
            }
        }
        return false;
    }

    /** Puts every parked job that is still ready back into its class's frontier; returns how many. */
    int unpark()
    {
        int restored = 0;
        for (int i = 0; i < parkedCount; i++)
        {
            final int job = parkedJobs[i];
            if (jobState(job) == JobState.READY && frontierSlots[job] == NOT_IN_FRONTIER && slotLeases[job] == 0)
            {
                queues[job].frontier.push(this, job, parkedRanks[i], parkedSequences[i]);
                restored++;
            }
        }
        parkedCount = 0;
        return restored;
    }

    /** Per class (by class id) virtual clock of this DAG, for fair sharing; grown on first use. */
    private long[] fairClocks;

    /**
     * The fair-share start tag of this DAG's next job in a class: the later of now and the DAG's virtual clock
     * there, which then advances by one quantum.
     */
    long nextFairTag(final int classId, final long now, final long quantum)
    {
        if (fairClocks == null || fairClocks.length <= classId)
        {
            fairClocks = fairClocks == null ? new long[classId + 1] : java.util.Arrays.copyOf(fairClocks, classId + 1);
        }
        final long tag = Math.max(now, fairClocks[classId]);
        fairClocks[classId] = tag + quantum;
        return tag;
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
