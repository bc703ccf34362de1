package io.weft.scheduler.core;

/**
 * The base of the test links that disturb messages between the core's DAG side and class side. Executor traffic the
 * class side relays goes straight through: the simulation judges each callback as it delivers it to the core, so it
 * must reach the DAG side within that delivery.
 */
abstract class FaultyOwnerLink implements OwnerLink
{
    protected final OwnerLink delegate;

    FaultyOwnerLink(final OwnerLink delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public void leaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        delegate.leaseRenewed(instanceId, dagId, jobIndex, token);
    }

    @Override
    public void jobStarted(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        delegate.jobStarted(instanceId, dagId, jobIndex, token, atEpochMs);
    }

    @Override
    public void jobSucceeded(
        final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final byte[] result)
    {
        delegate.jobSucceeded(instanceId, dagId, jobIndex, token, atEpochMs, result);
    }

    @Override
    public void jobFailed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long token,
        final long atEpochMs,
        final boolean retryable,
        final String error)
    {
        delegate.jobFailed(instanceId, dagId, jobIndex, token, atEpochMs, retryable, error);
    }

    @Override
    public void executorLinked(final long instanceId)
    {
        delegate.executorLinked(instanceId);
    }

    @Override
    public void executorReported(final long instanceId)
    {
        delegate.executorReported(instanceId);
    }

    @Override
    public void executorLost(final long instanceId, final String reason)
    {
        delegate.executorLost(instanceId, reason);
    }
}
