package io.weft.scheduler.core;

import io.weft.scheduler.port.OwnerMessage;
import io.weft.scheduler.port.OwnerPeers;

import org.agrona.collections.IntHashSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link OwnerLink} of a node in a cluster where a DAG's owner and its classes' owners can be different nodes.
 * A message whose receiver is on this node is a direct call ({@link LocalOwnerLink}); one for another node becomes an
 * {@link OwnerMessage} held until the batch that produced it is durable, then handed to {@link OwnerPeers#send}.
 * So a grant leaves the node only after the lease it grants is in the grid, as a local dispatch does.
 *
 * <p>A DAG side message goes to the owner of the job's class (DAG-wide ones to the owner of each of its classes); a
 * class side message goes to the DAG's owner; executor news goes to every node, as any may hold leases on the
 * instance.
 */
final class RoutingOwnerLink implements OwnerLink
{
    private final LocalOwnerLink local;
    private final OwnerPeers peers;
    private final int self;
    private final long termEpoch;
    /** The nodes the last {@link #lostMessages} found messages lost with. */
    private final IntHashSet lost = new IntHashSet();
    private OwnerMessageAdapter adapter;
    private DagOwner dags;
    private ClassOwner classes;
    private final List<OwnerMessage> held = new ArrayList<>();
    private int[] heldNodes = new int[64];

    RoutingOwnerLink(final LocalOwnerLink local, final OwnerPeers peers, final long termEpoch)
    {
        this.local = local;
        this.peers = peers;
        this.self = peers.self();
        this.termEpoch = termEpoch;
    }

    /** For a class side message about a DAG this node owns but knows only by id (its record came from a message). */
    void adapter(final OwnerMessageAdapter adapter)
    {
        this.adapter = adapter;
    }

    /** This node's two sides, to route a callback without asking the grid where a DAG lives when they know. */
    void sides(final DagOwner dags, final ClassOwner classes)
    {
        this.dags = dags;
        this.classes = classes;
    }

    /**
     * The node a callback about the DAG goes to: this one when its DAG side holds the DAG, else the node the class
     * side last heard about the DAG from, else the owner of the DAG's partition.
     */
    private int dagOwnerOf(final long dagId)
    {
        if (peers.alone() || dags != null && dags.run(dagId) != null)
        {
            return self;
        }
        final ClassRun run = classes == null ? null : classes.run(dagId);
        if (run != null && run.dagSide == null && run.dagOwnerEpoch != 0)
        {
            return run.dagOwnerNode;
        }
        return peers.dagOwner(dagId);
    }

    @Override
    public void afterDurable()
    {
        peers.retryBackPressured();
        for (int i = 0, n = held.size(); i < n; i++)
        {
            peers.send(heldNodes[i], held.get(i));
        }
        held.clear();
    }

    @Override
    public void dropPending()
    {
        held.clear();
    }

    @Override
    public boolean lostMessages()
    {
        lost.clear();
        for (final int node : peers.lostPeers())
        {
            lost.add(node);
        }
        return !lost.isEmpty();
    }

    @Override
    public boolean lostWith(final ClassRun run)
    {
        return run.dagSide == null && lost.contains(run.dagOwnerNode);
    }

    /** Sends a message as it is: an answer about a DAG this node does not hold, to the node that asked. */
    void reply(final int node, final OwnerMessage message)
    {
        hold(node, message);
    }

    private void hold(final int node, final OwnerMessage message)
    {
        message.sourceNode = self;
        message.senderEpoch = termEpoch;
        if (held.size() == heldNodes.length)
        {
            heldNodes = Arrays.copyOf(heldNodes, heldNodes.length * 2);
        }
        heldNodes[held.size()] = node;
        held.add(message);
    }

    private int classOwner(final DagRun run, final int jobIndex)
    {
        return peers.classOwner(run.plan.executorClass(jobIndex));
    }

    private static OwnerMessage toClassSide(final byte type, final DagRun run, final int jobIndex)
    {
        final OwnerMessage message = new OwnerMessage(type, run.dagId, jobIndex);
        message.plan = run.plan;
        message.submittedAtEpochMs = run.submittedAtEpochMs;
        return message;
    }

    /** A DAG-wide message: once to each other node that owns one of the DAG's classes. */
    private void toEveryClassOwner(final DagRun run, final byte type, final int version)
    {
        int[] nodes = null;
        int count = 0;
        for (int job = 0, n = run.plan.jobCount(); job < n; job++)
        {
            final int node = classOwner(run, job);
            if (node == self)
            {
                continue;
            }
            boolean seen = false;
            for (int i = 0; i < count; i++)
            {
                seen |= nodes[i] == node;
            }
            if (seen)
            {
                continue;
            }
            nodes = nodes == null ? new int[4] : count == nodes.length ? Arrays.copyOf(nodes, count * 2) : nodes;
            nodes[count++] = node;
            final OwnerMessage message = toClassSide(type, run, 0);
            message.version = version;
            hold(node, message);
        }
    }

    // ------------------------------------------------------------------ DAG side to class side

    @Override
    public void jobReady(final DagRun run, final int jobIndex, final long readyAtEpochMs, final long endedToken, final long endedInstanceId)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.jobReady(run, jobIndex, readyAtEpochMs, endedToken, endedInstanceId);
            return;
        }
        final OwnerMessage message = toClassSide(OwnerMessage.JOB_READY, run, jobIndex);
        message.timeEpochMs = readyAtEpochMs;
        message.endedToken = endedToken;
        message.endedInstanceId = endedInstanceId;
        hold(node, message);
    }

    @Override
    public void dagFinished(final DagRun run)
    {
        local.dagFinished(run);
        toEveryClassOwner(run, OwnerMessage.DAG_FINISHED, 0);
    }

    @Override
    public void withdraw(final DagRun run, final int jobIndex)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.withdraw(run, jobIndex);
            return;
        }
        hold(node, toClassSide(OwnerMessage.WITHDRAW, run, jobIndex));
    }

    @Override
    public void dagPaused(final DagRun run, final int version)
    {
        local.dagPaused(run, version);
        toEveryClassOwner(run, OwnerMessage.DAG_PAUSED, version);
    }

    @Override
    public void dagResumed(final DagRun run, final int version)
    {
        local.dagResumed(run, version);
        toEveryClassOwner(run, OwnerMessage.DAG_RESUMED, version);
    }

    @Override
    public void leaseGranted(final DagRun run, final int jobIndex, final long requestId, final long token, final int attempt, final long instanceId)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.leaseGranted(run, jobIndex, requestId, token, attempt, instanceId);
            return;
        }
        final OwnerMessage message = toClassSide(OwnerMessage.LEASE_GRANTED, run, jobIndex);
        message.requestId = requestId;
        message.token = token;
        message.attempt = attempt;
        message.instanceId = instanceId;
        hold(node, message);
    }

    @Override
    public void leaseDenied(final DagRun run, final int jobIndex, final long requestId, final long instanceId, final long readyAtEpochMs)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.leaseDenied(run, jobIndex, requestId, instanceId, readyAtEpochMs);
            return;
        }
        final OwnerMessage message = toClassSide(OwnerMessage.LEASE_DENIED, run, jobIndex);
        message.requestId = requestId;
        message.instanceId = instanceId;
        message.timeEpochMs = readyAtEpochMs;
        hold(node, message);
    }

    @Override
    public void leaseEnded(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.leaseEnded(run, jobIndex, token, instanceId);
            return;
        }
        final OwnerMessage message = toClassSide(OwnerMessage.LEASE_ENDED, run, jobIndex);
        message.token = token;
        message.instanceId = instanceId;
        hold(node, message);
    }

    @Override
    public void stopLease(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.stopLease(run, jobIndex, token, instanceId);
            return;
        }
        final OwnerMessage message = toClassSide(OwnerMessage.STOP_LEASE, run, jobIndex);
        message.token = token;
        message.instanceId = instanceId;
        hold(node, message);
    }

    @Override
    public void leaseHeld(final DagRun run, final int jobIndex, final long token, final int attempt, final long instanceId)
    {
        final int node = classOwner(run, jobIndex);
        if (node == self)
        {
            local.leaseHeld(run, jobIndex, token, attempt, instanceId);
            return;
        }
        final OwnerMessage message = toClassSide(OwnerMessage.LEASE_HELD, run, jobIndex);
        message.token = token;
        message.attempt = attempt;
        message.instanceId = instanceId;
        hold(node, message);
    }

    // ------------------------------------------------------------------ class side to DAG side

    /** Where a class side message about {@code run} goes: -1 for this node's DAG side directly. */
    private int dagSideOf(final ClassRun run)
    {
        if (run.dagSide != null)
        {
            return -1;
        }
        return run.dagOwnerEpoch != 0 ? run.dagOwnerNode : peers.dagOwner(run.dagId);
    }

    @Override
    public void leaseRequested(final ClassRun run, final int jobIndex, final long instanceId, final long requestId)
    {
        final int node = dagSideOf(run);
        if (node < 0)
        {
            local.leaseRequested(run, jobIndex, instanceId, requestId);
            return;
        }
        final OwnerMessage message = new OwnerMessage(OwnerMessage.LEASE_REQUESTED, run.dagId, jobIndex);
        message.instanceId = instanceId;
        message.requestId = requestId;
        toDagSide(node, message);
    }

    @Override
    public void dispatchRefused(final ClassRun run, final int jobIndex, final long token, final long nowEpochMs)
    {
        final int node = dagSideOf(run);
        if (node < 0)
        {
            local.dispatchRefused(run, jobIndex, token, nowEpochMs);
            return;
        }
        final OwnerMessage message = new OwnerMessage(OwnerMessage.DISPATCH_REFUSED, run.dagId, jobIndex);
        message.token = token;
        message.timeEpochMs = nowEpochMs;
        toDagSide(node, message);
    }

    /** A class side message for a DAG's owner: held for another node, or handed to this node's DAG side by id. */
    private void toDagSide(final int node, final OwnerMessage message)
    {
        if (node == self)
        {
            adapter.deliver(message);
        }
        else
        {
            hold(node, message);
        }
    }

    private void callback(final byte type, final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs,
        final boolean retryable, final String error, final byte[] result)
    {
        final OwnerMessage message = new OwnerMessage(type, dagId, jobIndex);
        message.instanceId = instanceId;
        message.token = token;
        message.timeEpochMs = atEpochMs;
        message.retryable = retryable;
        message.text = error;
        message.result = result;
        hold(dagOwnerOf(dagId), message);
    }

    @Override
    public void leaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        if (dagOwnerOf(dagId) == self)
        {
            local.leaseRenewed(instanceId, dagId, jobIndex, token);
            return;
        }
        callback(OwnerMessage.LEASE_RENEWED, instanceId, dagId, jobIndex, token, 0, false, null, null);
    }

    @Override
    public void jobStarted(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        if (dagOwnerOf(dagId) == self)
        {
            local.jobStarted(instanceId, dagId, jobIndex, token, atEpochMs);
            return;
        }
        callback(OwnerMessage.JOB_STARTED, instanceId, dagId, jobIndex, token, atEpochMs, false, null, null);
    }

    @Override
    public void jobSucceeded(
        final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final byte[] result)
    {
        if (dagOwnerOf(dagId) == self)
        {
            local.jobSucceeded(instanceId, dagId, jobIndex, token, atEpochMs, result);
            return;
        }
        callback(OwnerMessage.JOB_SUCCEEDED, instanceId, dagId, jobIndex, token, atEpochMs, false, null, result);
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
        if (dagOwnerOf(dagId) == self)
        {
            local.jobFailed(instanceId, dagId, jobIndex, token, atEpochMs, retryable, error);
            return;
        }
        callback(OwnerMessage.JOB_FAILED, instanceId, dagId, jobIndex, token, atEpochMs, retryable, error, null);
    }

    private void toEveryNode(final byte type, final long instanceId, final String reason)
    {
        for (final int node : peers.others())
        {
            final OwnerMessage message = new OwnerMessage(type, 0, 0);
            message.instanceId = instanceId;
            message.text = reason;
            hold(node, message);
        }
    }

    @Override
    public void executorLinked(final long instanceId)
    {
        local.executorLinked(instanceId);
        toEveryNode(OwnerMessage.EXECUTOR_LINKED, instanceId, null);
    }

    @Override
    public void executorReported(final long instanceId)
    {
        local.executorReported(instanceId);
        toEveryNode(OwnerMessage.EXECUTOR_REPORTED, instanceId, null);
    }

    @Override
    public void executorLost(final long instanceId, final String reason)
    {
        local.executorLost(instanceId, reason);
        toEveryNode(OwnerMessage.EXECUTOR_LOST, instanceId, reason);
    }
}
