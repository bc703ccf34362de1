package io.weft.scheduler.core;

import java.util.ArrayDeque;

/**
 * Decides when a DAG this owner finished goes: after the retention of finished work, or at once when more finished
 * jobs or DAGs are kept than the count limits allow (oldest finished first). Its reference key goes then, and a DAG
 * evicted by count is named in the journal batch so that the grid deletes its records (the grid expires those by
 * age on its own, from the time to live the journal sets). One ledger, so the core and the grid agree on what is
 * kept. Per ownership term: DAGs finished by an earlier owner go by age alone.
 */
final class FinishedDagLedger
{
    private record Finished(long dagId, int jobCount, String referenceKey, long expiresAtEpochMs)
    {
    }

    private final ReferenceIndex references;
    private final long retentionMs;
    private final long maxFinishedJobs;
    private final long maxFinishedDags;
    private final ArrayDeque<Finished> finished = new ArrayDeque<>();
    private long finishedJobs;

    FinishedDagLedger(final ReferenceIndex references, final long retentionMs, final long maxFinishedJobs, final long maxFinishedDags)
    {
        this.references = references;
        this.retentionMs = retentionMs;
        this.maxFinishedJobs = maxFinishedJobs;
        this.maxFinishedDags = maxFinishedDags;
    }

    void finished(final DagRun run, final JournalBatch batch)
    {
        final boolean counted = maxFinishedJobs > 0 || maxFinishedDags > 0;
        final String referenceKey = run.plan.referenceKey();
        if (!counted && (retentionMs == 0 || referenceKey == null))
        {
            return; // nothing to evict by count, and no key to forget by age
        }
        finished.addLast(new Finished(run.dagId, run.plan.jobCount(), referenceKey,
            retentionMs == 0 ? Long.MAX_VALUE : run.dagFinishedAtEpochMs + retentionMs));
        finishedJobs += run.plan.jobCount();
        while (!finished.isEmpty()
            && ((maxFinishedJobs > 0 && finishedJobs > maxFinishedJobs) || (maxFinishedDags > 0 && finished.size() > maxFinishedDags)))
        {
            batch.dagEvicted(release(finished.pollFirst()).dagId());
        }
    }

    /** Lets go of DAGs whose retention has passed; oldest first, so it stops at the first one kept. */
    void expire(final long nowEpochMs)
    {
        while (!finished.isEmpty() && finished.peekFirst().expiresAtEpochMs() <= nowEpochMs)
        {
            release(finished.pollFirst());
        }
    }

    private Finished release(final Finished dag)
    {
        finishedJobs -= dag.jobCount();
        if (dag.referenceKey() != null)
        {
            references.forget(dag.referenceKey(), dag.dagId());
        }
        return dag;
    }
}
