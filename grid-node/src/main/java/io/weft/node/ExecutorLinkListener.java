package io.weft.node;

import com.hazelcast.map.IMap;
import io.weft.node.security.ExecutorCredentials;
import io.weft.rest.security.AuditEntry;
import io.weft.rest.security.AuditLog;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.IdentifierText;
import io.weft.transport.ExecutorMessageListener;
import io.weft.transport.ExecutorRegistration;
import io.weft.transport.executor.ExecutorDeclaration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Carries decoded executor messages from the Aeron link onto the scheduler's ring, field for field, after checking
 * a registration's credential: an instance without a valid executor token, or one that offers a class its token
 * may not serve, is refused (and audited, once a minute per instance), and what it sends afterwards is dropped and
 * counted until it registers with a valid one.
 */
final class ExecutorLinkListener implements ExecutorMessageListener
{
    private static final long AUDIT_EVERY_MS = 60_000;
    private static final int MAX_REFUSED_REMEMBERED = 10_000;

    private final Scheduler scheduler;
    private final Supplier<String> ownerElsewhere;
    private final IMap<Long, String> replyChannels;
    private final ExecutorCredentials credentials;
    private final AuditLog audit;
    private final String nodeId;
    private final Map<Long, Long> refused = new ConcurrentHashMap<>();
    private final AtomicLong framesDropped = new AtomicLong();
    /** What each linked instance declared of itself, for the deployments view (which forgets what it drops). */
    private final Map<Long, ExecutorDeclaration> declarations = new ConcurrentHashMap<>();

    /**
     * @param ownerElsewhere the owner's executor endpoint while another node owns the scheduler, else null: an
     *                       executor that registers here is then sent on to the owner.
     */
    ExecutorLinkListener(
        final Scheduler scheduler,
        final Supplier<String> ownerElsewhere,
        final IMap<Long, String> replyChannels,
        final ExecutorCredentials credentials,
        final AuditLog audit,
        final String nodeId)
    {
        this.scheduler = scheduler;
        this.ownerElsewhere = ownerElsewhere;
        this.replyChannels = replyChannels;
        this.credentials = credentials;
        this.audit = audit;
        this.nodeId = nodeId;
    }

    /** What instances declared when they registered, by instance id. */
    Map<Long, ExecutorDeclaration> declarations()
    {
        return declarations;
    }

    /** Frames dropped because their instance was refused and has not registered since. */
    long framesDropped()
    {
        return framesDropped.get();
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
        if (problem != null)
        {
            return "the deployment name " + problem;
        }
        final ExecutorCredentials.Holder holder = credentials.holderOf(registration.credential());
        if (holder == null)
        {
            return refuse(registration, registration.credential().isEmpty()
                ? "no executor credential: start the executor with a token (--token-file, or WEFT_EXECUTOR_TOKEN)"
                : "the executor credential is not valid");
        }
        for (final String executorClass : registration.slotsByClass().keySet())
        {
            if (!holder.mayServe(executorClass))
            {
                return refuse(registration, "the credential of '" + holder.name() + "' may not serve class '" + executorClass + "'");
            }
        }
        refused.remove(registration.instanceId());
        return null;
    }

    private String refuse(final ExecutorRegistration registration, final String reason)
    {
        final long nowMs = System.currentTimeMillis();
        final Long last = refused.get(registration.instanceId());
        if (refused.size() < MAX_REFUSED_REMEMBERED || last != null)
        {
            refused.put(registration.instanceId(), last != null && nowMs - last < AUDIT_EVERY_MS ? last : nowMs);
        }
        if (last == null || nowMs - last >= AUDIT_EVERY_MS)
        {
            audit.record(new AuditEntry(nowMs, null, null, "executor.register", "instance " + registration.instanceId()
                + " (" + registration.deploymentName() + ")", registration.replyChannel(), "refused: " + reason, null, nodeId));
        }
        return reason;
    }

    private boolean dropped(final long instanceId)
    {
        if (refused.containsKey(instanceId))
        {
            framesDropped.incrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public String redirectFor(final ExecutorRegistration registration)
    {
        return ownerElsewhere.get();
    }

    @Override
    public void onExecutorRegistered(final ExecutorRegistration registration)
    {
        declarations.put(registration.instanceId(), registration.declared());
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
        if (dropped(instanceId))
        {
            return;
        }
        scheduler.onHeartbeat(instanceId, sentAtEpochMs);
    }

    @Override
    public void onHeartbeatLease(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        if (dropped(instanceId))
        {
            return;
        }
        scheduler.onLeaseRenewed(instanceId, dagId, jobIndex, fencingToken);
    }

    @Override
    public void onStarted(final long instanceId, final long dagId, final int jobIndex, final long fencingToken, final long startedAtEpochMs)
    {
        if (dropped(instanceId))
        {
            return;
        }
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
        if (dropped(instanceId))
        {
            return;
        }
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
        if (dropped(instanceId))
        {
            return;
        }
        scheduler.onFailed(instanceId, dagId, jobIndex, fencingToken, finishedAtEpochMs, retryable, error);
    }
}
