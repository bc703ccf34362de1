package io.weft.scheduler.core;

/**
 * The {@link OwnerLink} of one core, where the DAG side and the class side are on the same thread: each message is
 * a direct call, delivered within the batch that sent it, so a lease is requested, issued and journaled in one
 * batch as before the seam existed.
 */
final class LocalOwnerLink implements OwnerLink
{
    private ClassOwner classes;
    private ClassDispatcher dispatcher;
    private DagOwner dags;
    private FencedLeaseIssuer leases;

    /** Joins the two sides; a term's roles are made before either can send. */
    void connect(final ClassOwner classes, final ClassDispatcher dispatcher, final DagOwner dags, final FencedLeaseIssuer leases)
    {
        this.classes = classes;
        this.dispatcher = dispatcher;
        this.dags = dags;
        this.leases = leases;
    }

    @Override
    public void jobReady(final DagRun run, final int jobIndex, final long readyAtEpochMs, final long endedToken, final long endedInstanceId)
    {
        dispatcher.jobReady(run.classSide, jobIndex, readyAtEpochMs, endedToken, endedInstanceId);
    }

    @Override
    public void dagFinished(final DagRun run)
    {
        classes.dagFinished(run.classSide, dispatcher);
    }

    @Override
    public void withdraw(final DagRun run, final int jobIndex)
    {
        classes.withdraw(run.classSide, jobIndex);
    }

    @Override
    public void dagResumed(final DagRun run, final int version)
    {
        classes.dagResumed(run.classSide, version);
    }

    @Override
    public void dagPaused(final DagRun run, final int version)
    {
        classes.dagPaused(run.classSide, version);
    }

    @Override
    public void leaseGranted(final DagRun run, final int jobIndex, final long requestId, final long token, final int attempt, final long instanceId)
    {
        dispatcher.leaseGranted(run.classSide, jobIndex, requestId, token, attempt, instanceId);
    }

    @Override
    public void leaseDenied(final DagRun run, final int jobIndex, final long requestId, final long instanceId, final long readyAtEpochMs)
    {
        dispatcher.leaseDenied(run.classSide, jobIndex, requestId, instanceId, readyAtEpochMs);
    }

    @Override
    public void leaseEnded(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        dispatcher.leaseEnded(run.classSide, jobIndex, token, instanceId);
    }

    @Override
    public void stopLease(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        dispatcher.requestStop(run.classSide, jobIndex, token, instanceId);
    }

    @Override
    public void leaseHeld(final DagRun run, final int jobIndex, final long token, final int attempt, final long instanceId)
    {
        dispatcher.leaseHeld(run.classSide, jobIndex, token, attempt, instanceId);
    }

    @Override
    public void leaseRequested(final ClassRun run, final int jobIndex, final long instanceId, final long requestId)
    {
        leases.issue(run.dagSide, jobIndex, instanceId, requestId);
    }

    @Override
    public void dispatchRefused(final ClassRun run, final int jobIndex, final long token, final long nowEpochMs)
    {
        dags.dispatchRefused(run.dagSide, jobIndex, token, nowEpochMs);
    }

    @Override
    public void leaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        dags.leaseRenewed(instanceId, dagId, jobIndex, token);
    }

    @Override
    public void jobStarted(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        dags.started(instanceId, dagId, jobIndex, token, atEpochMs);
    }

    @Override
    public void jobSucceeded(
        final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final byte[] result)
    {
        dags.succeeded(instanceId, dagId, jobIndex, token, atEpochMs, result);
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
        dags.failed(instanceId, dagId, jobIndex, token, atEpochMs, retryable, error);
    }

    @Override
    public void executorLinked(final long instanceId)
    {
        dags.backAdoptedLeases(instanceId);
    }

    @Override
    public void executorReported(final long instanceId)
    {
        dags.dropUnreportedAdoptedLeases(instanceId);
    }

    @Override
    public void executorLost(final long instanceId, final String reason)
    {
        dags.executorLost(instanceId, reason);
    }
}
