package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;

/**
 * Everything one ring batch changed, for the journal to make durable in one go. A job changed several times in
 * the batch appears once with its latest state, so a burst of transitions costs one grid write. Values are read
 * from the core's live state, which is safe because the journal runs on the core's thread before the next event.
 * Jobs still waiting for parents when their DAG is created are not listed: waiting is every job's initial state.
 * A job in state LEASED or RUNNING carries its lease (attempt, fencing token, executor) in the same entry, and a
 * job that succeeded in the batch carries its result.
 */
public final class JournalBatch
{
    private DagRun[] createdDags = new DagRun[16];
    private int createdCount;
    private long[] evictedDags = new long[16];
    private int evictedCount;
    private DagRun[] changedDags = new DagRun[16];
    private int changedDagCount;
    private DagRun[] jobRuns = new DagRun[1024];
    private int[] jobIndexes = new int[1024];
    private int jobCount;

    public boolean isEmpty()
    {
        return createdCount == 0 && changedDagCount == 0 && jobCount == 0;
    }

    // ---- DAGs created in this batch: write their definition once.

    public int createdDagCount()
    {
        return createdCount;
    }

    public long createdDagId(final int i)
    {
        return createdDags[i].dagId;
    }

    public DagPlan createdDagPlan(final int i)
    {
        return createdDags[i].plan;
    }

    public long createdDagSubmittedAtEpochMs(final int i)
    {
        return createdDags[i].submittedAtEpochMs;
    }

    // ---- DAGs whose state changed (including every created DAG).

    public int dagStateCount()
    {
        return changedDagCount;
    }

    public long dagId(final int i)
    {
        return changedDags[i].dagId;
    }

    public DagState dagState(final int i)
    {
        return changedDags[i].state();
    }

    public long dagSubmittedAtEpochMs(final int i)
    {
        return changedDags[i].submittedAtEpochMs;
    }

    /** A person cancelled the DAG: a new owner must finish cancelling it rather than run it on. */
    public boolean dagCancelled(final int i)
    {
        return changedDags[i].cancelled;
    }

    public long dagFinishedAtEpochMs(final int i)
    {
        return changedDags[i].dagFinishedAtEpochMs;
    }

    // ---- Jobs whose state changed.

    public int jobCount()
    {
        return jobCount;
    }

    public long jobDagId(final int i)
    {
        return jobRuns[i].dagId;
    }

    public int jobIndex(final int i)
    {
        return jobIndexes[i];
    }

    public String jobId(final int i)
    {
        return jobRuns[i].plan.jobId(jobIndexes[i]);
    }

    public String jobExecutorClass(final int i)
    {
        return jobRuns[i].plan.executorClass(jobIndexes[i]);
    }

    public JobState jobState(final int i)
    {
        return jobRuns[i].jobState(jobIndexes[i]);
    }

    public int jobAttempts(final int i)
    {
        return jobRuns[i].attempts[jobIndexes[i]];
    }

    public long jobFencingToken(final int i)
    {
        return jobRuns[i].fencingTokens[jobIndexes[i]];
    }

    public long jobExecutorId(final int i)
    {
        return jobRuns[i].executorIds[jobIndexes[i]];
    }

    public long jobReadyAtEpochMs(final int i)
    {
        return jobRuns[i].readyAtEpochMs[jobIndexes[i]];
    }

    public long jobDispatchedAtEpochMs(final int i)
    {
        return jobRuns[i].dispatchedAtEpochMs[jobIndexes[i]];
    }

    public long jobStartedAtEpochMs(final int i)
    {
        return jobRuns[i].startedAtEpochMs[jobIndexes[i]];
    }

    public long jobFinishedAtEpochMs(final int i)
    {
        return jobRuns[i].finishedAtEpochMs[jobIndexes[i]];
    }

    /** The job holds a lease that someone asked to stop; its executor has not answered yet. */
    public boolean jobCancelRequested(final int i)
    {
        return jobRuns[i].cancelRequested[jobIndexes[i]];
    }

    public String jobError(final int i)
    {
        return jobRuns[i].error(jobIndexes[i]);
    }

    /** What the job returned: non-null only in the batch where it succeeded with a result it was allowed to keep. */
    public byte[] jobResult(final int i)
    {
        return jobRuns[i].result(jobIndexes[i]);
    }

    /** DAGs finished earlier that the count limits of finished work evict: the grid deletes their records. */
    public int evictedDagCount()
    {
        return evictedCount;
    }

    public long evictedDagId(final int i)
    {
        return evictedDags[i];
    }

    // ---- Core side.

    void dagEvicted(final long dagId)
    {
        if (evictedCount == evictedDags.length)
        {
            evictedDags = java.util.Arrays.copyOf(evictedDags, evictedCount * 2);
        }
        evictedDags[evictedCount++] = dagId;
    }

    void dagCreated(final DagRun run)
    {
        if (createdCount == createdDags.length)
        {
            createdDags = java.util.Arrays.copyOf(createdDags, createdCount * 2);
        }
        createdDags[createdCount++] = run;
        dagChanged(run);
    }

    void dagChanged(final DagRun run)
    {
        if (!run.dagDirty)
        {
            run.dagDirty = true;
            if (changedDagCount == changedDags.length)
            {
                changedDags = java.util.Arrays.copyOf(changedDags, changedDagCount * 2);
            }
            changedDags[changedDagCount++] = run;
        }
    }

    /** Moves a job to {@code state} (a legal transition) and records the change for this batch's write. */
    void transition(final DagRun run, final int jobIndex, final JobState state)
    {
        run.jobState(jobIndex, state);
        jobChanged(run, jobIndex);
    }

    void jobChanged(final DagRun run, final int jobIndex)
    {
        final int existing = run.batchSlots[jobIndex];
        if (existing != DagRun.NOT_IN_BATCH)
        {
            return;
        }
        if (jobCount == jobRuns.length)
        {
            final int capacity = jobCount * 2;
            jobRuns = java.util.Arrays.copyOf(jobRuns, capacity);
            jobIndexes = java.util.Arrays.copyOf(jobIndexes, capacity);
        }
        final int slot = jobCount++;
        jobRuns[slot] = run;
        jobIndexes[slot] = jobIndex;
        run.batchSlots[jobIndex] = slot;
    }

    void clear()
    {
        for (int i = 0; i < changedDagCount; i++)
        {
            changedDags[i].dagDirty = false;
            changedDags[i] = null;
        }
        for (int i = 0; i < jobCount; i++)
        {
            jobRuns[i].batchSlots[jobIndexes[i]] = DagRun.NOT_IN_BATCH;
            // The batch is durable: the grid holds the result now, and a success is final, so no later batch
            // needs it. Dropping it here keeps a large DAG's results from piling up in the core until it ends.
            jobRuns[i].result(jobIndexes[i], null);
            jobRuns[i] = null;
        }
        java.util.Arrays.fill(createdDags, 0, createdCount, null);
        createdCount = 0;
        evictedCount = 0;
        changedDagCount = 0;
        jobCount = 0;
    }
}
