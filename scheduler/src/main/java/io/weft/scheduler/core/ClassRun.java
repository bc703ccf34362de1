package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;

import java.util.Arrays;

/**
 * The class side's record of one DAG: what a class owner needs to queue, rank, reserve and dispatch its jobs, and
 * nothing of the DAG's state machine. The DAG side keeps its own {@link DagRun}; the two change only through the
 * {@link OwnerLink}'s messages, so a class owner on another node could hold this record alone. Per-job state in
 * flat arrays indexed like the {@link DagPlan}, owned by the core's thread.
 */
final class ClassRun
{
    static final int NOT_IN_FRONTIER = -1;

    final long dagId;
    final DagPlan plan;
    final ClassQueue[] queues;
    final long submittedAtEpochMs;
    final long submittedAtNs;
    /**
     * The DAG side of this run, reached directly while both sides share one core ({@link LocalOwnerLink}); null for a
     * DAG another node owns, which this side knows only from its messages.
     */
    final DagRun dagSide;

    /** The node that owns the DAG, as its last message said (this node's own when {@link #dagSide} is set). */
    int dagOwnerNode;
    /** The ownership term of that node the last message came from: messages from an older one are dropped. */
    long dagOwnerEpoch;

    /** Whether another node owns the DAG (this side knows it only from that node's messages). */
    boolean ownedElsewhere()
    {
        return dagSide == null;
    }

    /** Set while the class side's index of DAGs holds this one (from its first JobReady to its DagFinished). */
    boolean indexed;
    /** Set on DagFinished: whatever still arrives about the DAG (a late JobReady or LeaseHeld) is stale. */
    boolean finished;
    /** Set while the DAG is paused: the planner parks its jobs that reach the head of their frontier. */
    boolean paused;
    /** The version of the last pause or resume applied. */
    int pauseVersion;
    /** The job's position in its class's frontier heap, or {@link #NOT_IN_FRONTIER}. */
    final int[] frontierSlots;
    /** When the job last joined its frontier (ns), for the frontier-wait and ready-to-dispatch signals. */
    final long[] readyAtNs;
    /** When the current attempt's slot was reserved (ns), or 0 for a lease taken over from an earlier owner. */
    final long[] leasedAtNs;
    /**
     * The lease that holds a slot for the job: 0 none; negative, the request id of a reservation waiting for its
     * grant; positive, the token granted (or adopted). Messages from the DAG side are checked against it, so a
     * duplicated or late one changes nothing.
     */
    final long[] slotLeases;
    /**
     * The job holds a lease taken over from an earlier owner whose executor has not registered here yet, so no
     * slot of this node's ledger backs it; one is reserved when the executor registers.
     */
    final boolean[] slotless;
    /**
     * The slots object of the executor incarnation whose slot the job holds, or null: a release goes back to the
     * incarnation it came from, even when a LeaseEnded arrives after that executor re-registered under its id.
     */
    final ExecutorSlots[] heldSlots;
    /**
     * The newest token of the job whose end this side has heard of: a grant or LeaseHeld for it or an older token
     * that arrives after its LeaseEnded is late, and must not take a slot.
     */
    final long[] endedTokens;
    /**
     * The job's reservation was waiting for its answer when the link lost messages: if the DAG side now says the
     * lease is held, that answer was a grant, lost, and this side dispatches it as one.
     */
    final boolean[] grantLost;
    /**
     * A JobReady came while the job's reservation was waiting for its answer: if that answer is a denial, the job is
     * ready all the same (the JobReady may have overtaken it) and goes back to its frontier.
     */
    final boolean[] readyAgain;
    /**
     * When the lease holding the job's slot was last confirmed (granted, held, renewed or reported by its executor):
     * a slot whose lease nobody confirms for twice the lease timeout is let go, as the DAG side has expired the lease
     * by then, or never had it (a message from a replaced term of the DAG's owner).
     */
    final long[] confirmedAtMs;

    /** Ready jobs the planner set aside while the DAG was paused, with their rank and sequence. */
    private int parkedCount;
    private int[] parkedJobs;
    private long[] parkedRanks;
    private long[] parkedSequences;
    /** Per class (by class id) virtual clock of this DAG, for fair sharing; grown on first use. */
    private long[] fairClocks;

    ClassRun(final DagRun dagSide, final ClassQueue[] queues)
    {
        this(dagSide, dagSide.dagId, dagSide.plan, queues, dagSide.submittedAtEpochMs, dagSide.submittedAtNs);
    }

    /** The class side's record of a DAG another node owns, made from its first message. */
    ClassRun(final long dagId, final DagPlan plan, final ClassQueue[] queues, final long submittedAtEpochMs, final long submittedAtNs)
    {
        this(null, dagId, plan, queues, submittedAtEpochMs, submittedAtNs);
    }

    private ClassRun(
        final DagRun dagSide,
        final long dagId,
        final DagPlan plan,
        final ClassQueue[] queues,
        final long submittedAtEpochMs,
        final long submittedAtNs)
    {
        final int n = plan.jobCount();
        this.dagSide = dagSide;
        this.dagId = dagId;
        this.plan = plan;
        this.queues = queues;
        this.submittedAtEpochMs = submittedAtEpochMs;
        this.submittedAtNs = submittedAtNs;
        frontierSlots = new int[n];
        Arrays.fill(frontierSlots, NOT_IN_FRONTIER);
        readyAtNs = new long[n];
        leasedAtNs = new long[n];
        slotLeases = new long[n];
        slotless = new boolean[n];
        heldSlots = new ExecutorSlots[n];
        endedTokens = new long[n];
        grantLost = new boolean[n];
        readyAgain = new boolean[n];
        confirmedAtMs = new long[n];
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
            parkedJobs = Arrays.copyOf(parkedJobs, parkedCount * 2);
            parkedRanks = Arrays.copyOf(parkedRanks, parkedCount * 2);
            parkedSequences = Arrays.copyOf(parkedSequences, parkedCount * 2);
        }
        parkedJobs[parkedCount] = jobIndex;
        parkedRanks[parkedCount] = rank;
        parkedSequences[parkedCount] = sequence;
        parkedCount++;
    }

    boolean isParked(final int jobIndex)
    {
        return parkedAt(jobIndex) >= 0;
    }

    /** Takes a parked job out (it stopped being ready while its DAG was paused); false if it was not parked. */
    boolean removeParked(final int jobIndex)
    {
        final int at = parkedAt(jobIndex);
        if (at < 0)
        {
            return false;
        }
        final int last = --parkedCount;
        parkedJobs[at] = parkedJobs[last];
        parkedRanks[at] = parkedRanks[last];
        parkedSequences[at] = parkedSequences[last];
        return true;
    }

    private int parkedAt(final int jobIndex)
    {
        for (int i = 0; i < parkedCount; i++)
        {
            if (parkedJobs[i] == jobIndex)
            {
                return i;
            }
        }
        return -1;
    }

    /** Forgets every parked job (its DAG finished). */
    void clearParked()
    {
        parkedCount = 0;
    }

    /** Puts every parked job back into its class's frontier at its old place; returns how many. */
    int unpark()
    {
        int restored = 0;
        for (int i = 0; i < parkedCount; i++)
        {
            final int job = parkedJobs[i];
            if (frontierSlots[job] == NOT_IN_FRONTIER && slotLeases[job] == 0)
            {
                queues[job].frontier.push(this, job, parkedRanks[i], parkedSequences[i]);
                restored++;
            }
        }
        parkedCount = 0;
        return restored;
    }

    /**
     * The fair-share start tag of this DAG's next job in a class: the later of now and the DAG's virtual clock
     * there, which then advances by one quantum.
     */
    long nextFairTag(final int classId, final long now, final long quantum)
    {
        if (fairClocks == null || fairClocks.length <= classId)
        {
            fairClocks = fairClocks == null ? new long[classId + 1] : Arrays.copyOf(fairClocks, classId + 1);
        }
        final long tag = Math.max(now, fairClocks[classId]);
        fairClocks[classId] = tag + quantum;
        return tag;
    }
}
