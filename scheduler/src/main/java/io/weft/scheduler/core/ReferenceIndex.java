package io.weft.scheduler.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idempotency of submissions: the latest DAG submitted under each reference key. A key stays while its DAG runs
 * and for the retention of finished work after it ends (so a resubmission is still a duplicate), bounded also by
 * the count of finished jobs and DAGs kept; then it goes, as the DAG's records in the grid do. Rebuilt on takeover from
 * the grid's reference map.
 */
final class ReferenceIndex
{
    private final Map<String, Long> dagsByReference = new HashMap<>();
    private final ArrayDeque<Finished> finished = new ArrayDeque<>();
    private final long retentionMs;
    private final long maxFinishedJobs;
    private final long maxFinishedDags;
    private long finishedJobs;

    private record Finished(String referenceKey, long dagId, int jobCount, long expiresAtEpochMs)
    {
    }

    ReferenceIndex(final long retentionMs, final long maxFinishedJobs, final long maxFinishedDags)
    {
        this.retentionMs = retentionMs;
        this.maxFinishedJobs = maxFinishedJobs;
        this.maxFinishedDags = maxFinishedDags;
    }

    /** The DAG submitted under {@code referenceKey}, or null. */
    Long dagOf(final String referenceKey)
    {
        return dagsByReference.get(referenceKey);
    }

    void record(final String referenceKey, final long dagId)
    {
        dagsByReference.put(referenceKey, dagId);
    }

    /** Restores a key known to the grid, unless this term has already seen a newer submission under it. */
    void restore(final String referenceKey, final long dagId)
    {
        dagsByReference.putIfAbsent(referenceKey, dagId);
    }

    /** The DAG under {@code referenceKey} has ended: its key is kept for the retention, then forgotten. */
    void finished(final String referenceKey, final long dagId, final int jobCount, final long nowEpochMs)
    {
        if (retentionMs == 0 && maxFinishedJobs == 0 && maxFinishedDags == 0)
        {
            return; // kept for ever
        }
        finished.addLast(new Finished(referenceKey, dagId, jobCount,
            retentionMs == 0 ? Long.MAX_VALUE : nowEpochMs + retentionMs));
        finishedJobs += jobCount;
        while ((maxFinishedJobs > 0 && finishedJobs > maxFinishedJobs) || (maxFinishedDags > 0 && finished.size() > maxFinishedDags))
        {
            forget(finished.pollFirst());
        }
    }

    /** Forgets the keys whose finished DAG's retention has passed; oldest first, so it stops at the first kept. */
    void expire(final long nowEpochMs)
    {
        while (!finished.isEmpty() && finished.peekFirst().expiresAtEpochMs() <= nowEpochMs)
        {
            forget(finished.pollFirst());
        }
    }

    int size()
    {
        return dagsByReference.size();
    }

    private void forget(final Finished entry)
    {
        finishedJobs -= entry.jobCount();
        // A newer DAG under the same key (ALLOW, REPLACE) keeps it.
        dagsByReference.remove(entry.referenceKey(), entry.dagId());
    }
}
