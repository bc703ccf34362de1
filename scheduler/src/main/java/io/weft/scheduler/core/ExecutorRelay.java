package io.weft.scheduler.core;

import io.weft.scheduler.api.ExecutorDescriptor;

/**
 * The class side's end of executor traffic. Executors link to the owner of their classes, so their registrations,
 * heartbeats and callbacks arrive on the class side: membership changes the {@link ExecutorRoster} and the slot
 * ledgers here, and what the DAG side must know (a lease renewed, a job started or done, an instance linked,
 * reported or lost) goes on as an {@link OwnerLink} message. Callbacks are relayed unchecked: whether one carries the
 * current lease is the DAG side's decision, as the lease is its record.
 */
final class ExecutorRelay
{
    private final ExecutorRoster roster;
    private final ClassDispatcher dispatcher;
    private final OwnerLink link;

    ExecutorRelay(final ExecutorRoster roster, final ClassDispatcher dispatcher, final OwnerLink link)
    {
        this.roster = roster;
        this.dispatcher = dispatcher;
        this.link = link;
    }

    void registered(final ExecutorDescriptor descriptor, final long nowEpochMs)
    {
        final ExecutorInstance previous = roster.get(descriptor.instanceId());
        if (previous != null)
        {
            // Same id again: the instance restarted or lost its link. What it held cannot be trusted to finish.
            // Its link is not forgotten: the transport has already replaced it with the new registration's.
            lose(previous, "re-registered", false);
        }
        roster.register(descriptor, nowEpochMs);
        link.executorLinked(descriptor.instanceId());
    }

    void heartbeat(final long instanceId, final long nowEpochMs)
    {
        final ExecutorInstance instance = roster.get(instanceId);
        if (instance != null && roster.heartbeat(instance, nowEpochMs))
        {
            link.executorReported(instanceId);
        }
    }

    /** Housekeeping: every instance silent past the heartbeat timeout is lost. */
    void loseSilent(final long nowEpochMs)
    {
        for (final ExecutorInstance lost : roster.silentSince(nowEpochMs))
        {
            lose(lost, "heartbeat timeout", true);
        }
    }

    /**
     * The DAG side ends the instance's leases first (their LeaseEnded messages release slots the instance still
     * has), then reservations still waiting for a grant on it are let go, then it leaves the roster.
     */
    private void lose(final ExecutorInstance instance, final String reason, final boolean forgetLink)
    {
        link.executorLost(instance.instanceId(), reason);
        dispatcher.instanceLost(instance);
        roster.remove(instance, forgetLink);
    }

    void renewed(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        dispatcher.confirmed(dagId, jobIndex, token);
        link.leaseRenewed(instanceId, dagId, jobIndex, token);
    }

    void started(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        dispatcher.confirmed(dagId, jobIndex, token);
        link.jobStarted(instanceId, dagId, jobIndex, token, atEpochMs);
    }

    void succeeded(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final byte[] result)
    {
        link.jobSucceeded(instanceId, dagId, jobIndex, token, atEpochMs, result);
    }

    void failed(
        final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final boolean retryable,
        final String error)
    {
        link.jobFailed(instanceId, dagId, jobIndex, token, atEpochMs, retryable, error);
    }
}
