package io.weft.node;

import com.hazelcast.map.IMap;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.IdentifierText;
import io.weft.transport.ExecutorMessageListener;
import io.weft.transport.ExecutorRegistration;

import java.util.function.Supplier;

/** Carries decoded executor messages from the Aeron link onto the scheduler's ring, field for field. */
final class ExecutorLinkListener implements ExecutorMessageListener
{
    private final Scheduler scheduler;
    private final Supplier<String> ownerElsewhere;
    private final IMap<Long, String> replyChannels;

    /**
     * @param ownerElsewhere the owner's executor endpoint while another node owns the scheduler, else null: an
     *                       executor that registers here is then sent on to the owner.
     */
    ExecutorLinkListener(final Scheduler scheduler, final Supplier<String> ownerElsewhere, final IMap<Long, String> replyChannels)
    {
        this.scheduler = scheduler;
        this.ownerElsewhere = ownerElsewhere;
        this.replyChannels = replyChannels;
    }

    /** Class names go into pauses, metrics and listings: they follow the same rule as the classes DAGs name. */
    @Override
    public String refusalFor(final ExecutorRegistration registration)
    {
        for (final String executorClass : registration.slotsByClass().keySet())
        {
            final String problem = IdentifierText.problem(executorClass);
            if (problem != null)
            {
                return "an executor class name " + problem;
            }
        }
        final String problem = IdentifierText.problem(registration.deploymentName());
        return problem == null ? null : "the deployment name " + problem;
    }

    @Override
    public String redirectFor(final ExecutorRegistration registration)
    {
        return ownerElsewhere.get();
    }

    @Override
    public void onExecutorRegistered(final ExecutorRegistration registration)
    {
        // Kept in the grid so that whoever owns the scheduler next can call this executor over at once.
        replyChannels.setAsync(registration.instanceId(), registration.replyChannel());
        scheduler.onExecutorRegistered(new ExecutorDescriptor(
            registration.instanceId(),
            registration.deploymentName(),
            registration.owner(),
            registration.version(),
            registration.capabilities(),
            registration.slotsByClass()));
    }

    @Override
    public void onHeartbeat(final long instanceId, final long sentAtEpochMs, final int leaseCount)
    {
        scheduler.onHeartbeat(instanceId, sentAtEpochMs);
    }

    @Override
    public void onHeartbeatLease(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        scheduler.onLeaseRenewed(instanceId, dagId, jobIndex, fencingToken);
    }

    @Override
    public void onStarted(final long instanceId, final long dagId, final int jobIndex, final long fencingToken, final long startedAtEpochMs)
    {
        scheduler.onStarted(instanceId, dagId, jobIndex, fencingToken, startedAtEpochMs);
    }

    @Override
    public void onSucceeded(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtEpochMs,
        final byte[] result)
    {
        scheduler.onSucceeded(instanceId, dagId, jobIndex, fencingToken, finishedAtEpochMs, result);
    }

    @Override
    public void onFailed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtEpochMs,
        final boolean retryable,
        final String error)
    {
        scheduler.onFailed(instanceId, dagId, jobIndex, fencingToken, finishedAtEpochMs, retryable, error);
    }
}
