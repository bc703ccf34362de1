package io.weft.scheduler.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Monotonic counts of what the core did. Written only by the core's thread with ordered stores, read by anyone.
 */
public final class SchedulerCounters
{
    final AtomicLong dagsSubmitted = new AtomicLong();
    final AtomicLong dagsCompleted = new AtomicLong();
    final AtomicLong jobsSubmitted = new AtomicLong();
    final AtomicLong jobsDispatched = new AtomicLong();
    final AtomicLong jobsSucceeded = new AtomicLong();
    final AtomicLong jobsFailed = new AtomicLong();
    final AtomicLong jobsSkipped = new AtomicLong();
    final AtomicLong jobRetries = new AtomicLong();
    final AtomicLong staleCallbacks = new AtomicLong();
    final AtomicLong resultsOverLimit = new AtomicLong();
    final AtomicLong dispatchBackPressure = new AtomicLong();
    final AtomicLong journalBatches = new AtomicLong();
    final AtomicLong journalFailures = new AtomicLong();
    final AtomicLong executorsLost = new AtomicLong();
    final AtomicLong leasesExpired = new AtomicLong();
    final AtomicLong runTimeouts = new AtomicLong();
    final AtomicLong jobsExpired = new AtomicLong();
    final AtomicLong jobsCancelled = new AtomicLong();
    /** Times the link between the DAG side and the class side lost messages and the two were resynchronised. */
    final AtomicLong linkResyncs = new AtomicLong();
    /** Slots the class side let go because nobody confirmed their lease for twice the lease timeout. */
    final AtomicLong slotsExpired = new AtomicLong();
    /** Lease requests asked again because no answer came for a lease timeout (lost between nodes). */
    final AtomicLong leaseRequestsRepeated = new AtomicLong();
    /** Messages from another node's ownership term that a newer term of that node has replaced: dropped. */
    final AtomicLong staleOwnerMessages = new AtomicLong();
    /** Grants the class side refused: they came after their reservation ended or their class was paused. */
    final AtomicLong lateGrantsRefused = new AtomicLong();
    final AtomicLong dagsAdopted = new AtomicLong();
    final AtomicLong leasesAdopted = new AtomicLong();
    final AtomicLong fencedBatches = new AtomicLong();
    final AtomicLong adoptedLeasesDropped = new AtomicLong();
    final AtomicLong fencedDispatches = new AtomicLong();

    static void increment(final AtomicLong counter)
    {
        counter.lazySet(counter.get() + 1);
    }

    static void add(final AtomicLong counter, final long delta)
    {
        counter.lazySet(counter.get() + delta);
    }

    public long dagsSubmitted()
    {
        return dagsSubmitted.get();
    }

    public long dagsCompleted()
    {
        return dagsCompleted.get();
    }

    public long jobsSubmitted()
    {
        return jobsSubmitted.get();
    }

    public long jobsDispatched()
    {
        return jobsDispatched.get();
    }

    public long jobsSucceeded()
    {
        return jobsSucceeded.get();
    }

    public long jobsFailed()
    {
        return jobsFailed.get();
    }

    public long jobsSkipped()
    {
        return jobsSkipped.get();
    }

    public long jobRetries()
    {
        return jobRetries.get();
    }

    /** Callbacks refused because their fencing token, job or executor did not match the current lease. */
    public long staleCallbacks()
    {
        return staleCallbacks.get();
    }

    /** Successes whose result was larger than the configured limit and so was not kept; the jobs still succeeded. */
    public long resultsOverLimit()
    {
        return resultsOverLimit.get();
    }

    public long dispatchBackPressure()
    {
        return dispatchBackPressure.get();
    }

    public long journalBatches()
    {
        return journalBatches.get();
    }

    public long journalFailures()
    {
        return journalFailures.get();
    }

    public long executorsLost()
    {
        return executorsLost.get();
    }

    public long leasesExpired()
    {
        return leasesExpired.get();
    }

    public long runTimeouts()
    {
        return runTimeouts.get();
    }

    public long jobsExpired()
    {
        return jobsExpired.get();
    }

    public long jobsCancelled()
    {
        return jobsCancelled.get();
    }

    public long linkResyncs()
    {
        return linkResyncs.get();
    }

    public long leaseRequestsRepeated()
    {
        return leaseRequestsRepeated.get();
    }

    public long slotsExpired()
    {
        return slotsExpired.get();
    }

    public long staleOwnerMessages()
    {
        return staleOwnerMessages.get();
    }

    public long lateGrantsRefused()
    {
        return lateGrantsRefused.get();
    }

    /** Jobs that reached a terminal state. */
    public long jobsFinished()
    {
        return jobsSucceeded.get() + jobsFailed.get() + jobsSkipped.get() + jobsExpired.get() + jobsCancelled.get();
    }

    /** DAGs taken over from the grid after an earlier owner stopped. */
    public long dagsAdopted()
    {
        return dagsAdopted.get();
    }

    /** Leases of an earlier owner kept for their executors to report. */
    public long leasesAdopted()
    {
        return leasesAdopted.get();
    }

    /** Adopted leases their executor did not list in its first heartbeat to the new owner: retried at once. */
    public long adoptedLeasesDropped()
    {
        return adoptedLeasesDropped.get();
    }

    /** Journal batches the grid refused because a newer owner held some of their DAGs. */
    public long fencedBatches()
    {
        return fencedBatches.get();
    }

    /** Dispatches that never left because their batch was fenced off. */
    public long fencedDispatches()
    {
        return fencedDispatches.get();
    }
}
