package io.weft.scheduler.core;

/**
 * Delivers every message between the core's DAG side and class side twice, back to back, as a link between nodes
 * may after a retransmission: each handler must make the second copy change nothing.
 */
final class DuplicatingOwnerLink extends FaultyOwnerLink
{
    long duplicates;

    DuplicatingOwnerLink(final OwnerLink delegate)
    {
        super(delegate);
    }

    @Override
    public void jobReady(final DagRun run, final int jobIndex, final long readyAtEpochMs, final long endedToken, final long endedInstanceId)
    {
        delegate.jobReady(run, jobIndex, readyAtEpochMs, endedToken, endedInstanceId);
        duplicates++;
        delegate.jobReady(run, jobIndex, readyAtEpochMs, endedToken, endedInstanceId);
    }

    @Override
    public void dagFinished(final DagRun run)
    {
        delegate.dagFinished(run);
        duplicates++;
        delegate.dagFinished(run);
    }

    @Override
    public void withdraw(final DagRun run, final int jobIndex)
    {
        delegate.withdraw(run, jobIndex);
        duplicates++;
        delegate.withdraw(run, jobIndex);
    }

    @Override
    public void dagPaused(final DagRun run, final int version)
    {
        delegate.dagPaused(run, version);
        duplicates++;
        delegate.dagPaused(run, version);
    }

    @Override
    public void dagResumed(final DagRun run, final int version)
    {
        delegate.dagResumed(run, version);
        duplicates++;
        delegate.dagResumed(run, version);
    }

    @Override
    public void leaseGranted(final DagRun run, final int jobIndex, final long requestId, final long token, final int attempt, final long instanceId)
    {
        delegate.leaseGranted(run, jobIndex, requestId, token, attempt, instanceId);
        duplicates++;
        delegate.leaseGranted(run, jobIndex, requestId, token, attempt, instanceId);
    }

    @Override
    public void leaseDenied(final DagRun run, final int jobIndex, final long requestId, final long instanceId, final long readyAtEpochMs)
    {
        delegate.leaseDenied(run, jobIndex, requestId, instanceId, readyAtEpochMs);
        duplicates++;
        delegate.leaseDenied(run, jobIndex, requestId, instanceId, readyAtEpochMs);
    }

    @Override
    public void leaseEnded(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        delegate.leaseEnded(run, jobIndex, token, instanceId);
        duplicates++;
        delegate.leaseEnded(run, jobIndex, token, instanceId);
    }

    /** Not repeated: a stop is a request to an executor, which refuses one for a lease it does not hold, not a state change here. */
    @Override
    public void stopLease(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        delegate.stopLease(run, jobIndex, token, instanceId);
    }

    @Override
    public void leaseHeld(final DagRun run, final int jobIndex, final long token, final int attempt, final long instanceId)
    {
        delegate.leaseHeld(run, jobIndex, token, attempt, instanceId);
        duplicates++;
        delegate.leaseHeld(run, jobIndex, token, attempt, instanceId);
    }

    @Override
    public void leaseRequested(final ClassRun run, final int jobIndex, final long instanceId, final long requestId)
    {
        delegate.leaseRequested(run, jobIndex, instanceId, requestId);
        duplicates++;
        delegate.leaseRequested(run, jobIndex, instanceId, requestId);
    }

    @Override
    public void dispatchRefused(final ClassRun run, final int jobIndex, final long token, final long nowEpochMs)
    {
        delegate.dispatchRefused(run, jobIndex, token, nowEpochMs);
        duplicates++;
        delegate.dispatchRefused(run, jobIndex, token, nowEpochMs);
    }
}
