package io.weft.scheduler.core;

import io.weft.scheduler.port.OwnerMessage;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.NanoClock;

/**
 * Turns a message from another node's owner into the call on this node's side it names. The class side finds its
 * record of the DAG by id, and makes one from the message's plan the first time (a class owner meets a DAG through
 * its messages); the DAG side looks its DAG up and answers a lease request for a DAG it does not hold with a denial,
 * so the asker's slot is free again.
 *
 * <p>A DAG that finished is remembered for a while, so that a message about it that arrives late does not bring
 * back a record of it.
 */
final class OwnerMessageAdapter
{
    private static final int FINISHED_MEMORY = 1 << 16;
    private static final long UNKNOWN_EPOCH = -1;

    private final ClassOwner classes;
    private final ClassDispatcher dispatcher;
    private final DagOwner dags;
    private final FencedLeaseIssuer leases;
    private final RoutingOwnerLink link;
    private final NanoClock nanoClock;
    private final LongHashSet finished = new LongHashSet();
    /** The newest ownership term heard from each node. */
    private final Long2LongHashMap peerEpochs = new Long2LongHashMap(UNKNOWN_EPOCH);
    private final SchedulerCounters counters;
    private final long[] finishedOrder = new long[FINISHED_MEMORY];
    private int finishedNext;

    OwnerMessageAdapter(
        final ClassOwner classes,
        final ClassDispatcher dispatcher,
        final DagOwner dags,
        final FencedLeaseIssuer leases,
        final RoutingOwnerLink link,
        final SchedulerCounters counters,
        final NanoClock nanoClock)
    {
        this.counters = counters;
        this.classes = classes;
        this.dispatcher = dispatcher;
        this.dags = dags;
        this.leases = leases;
        this.link = link;
        this.nanoClock = nanoClock;
    }

    void deliver(final OwnerMessage m)
    {
        final long known = peerEpochs.get(m.sourceNode);
        if (m.senderEpoch < known)
        {
            SchedulerCounters.increment(counters.staleOwnerMessages); // from a term of that node that has been replaced
            return;
        }
        if (m.senderEpoch > known)
        {
            peerEpochs.put(m.sourceNode, m.senderEpoch);
            if (known != UNKNOWN_EPOCH)
            {
                peerStartedAfresh(m.sourceNode, m.senderEpoch);
            }
        }
        if (m.toClassSide())
        {
            toClassSide(m);
        }
        else
        {
            toDagSide(m);
        }
    }

    private void toClassSide(final OwnerMessage m)
    {
        final int job = m.jobIndex;
        switch (m.type)
        {
            case OwnerMessage.JOB_READY -> {
                final ClassRun run = classRun(m, true);
                if (run != null)
                {
                    dispatcher.jobReady(run, job, m.timeEpochMs, m.endedToken, m.endedInstanceId);
                }
            }
            case OwnerMessage.WITHDRAW -> {
                final ClassRun run = classRun(m, false);
                if (run != null)
                {
                    classes.withdraw(run, job);
                }
            }
            case OwnerMessage.DAG_PAUSED -> {
                final ClassRun run = classRun(m, true);
                if (run != null)
                {
                    classes.dagPaused(run, m.version);
                }
            }
            case OwnerMessage.DAG_RESUMED -> {
                final ClassRun run = classRun(m, true);
                if (run != null)
                {
                    classes.dagResumed(run, m.version);
                }
            }
            case OwnerMessage.DAG_FINISHED -> {
                final ClassRun run = classRun(m, false);
                if (run != null)
                {
                    classes.dagFinished(run, dispatcher);
                }
                rememberFinished(m.dagId);
            }
            case OwnerMessage.LEASE_GRANTED -> {
                // Made if unknown: a grant this side cannot place is refused back, so the DAG side ends the lease.
                final ClassRun run = classRun(m, true);
                if (run != null)
                {
                    dispatcher.leaseGranted(run, job, m.requestId, m.token, m.attempt, m.instanceId);
                }
            }
            case OwnerMessage.LEASE_DENIED -> {
                // From a node that does not hold the DAG, only the reservation it names is settled.
                final ClassRun run = m.notHeld ? classes.run(m.dagId) : classRun(m, false);
                if (run != null)
                {
                    dispatcher.leaseDenied(run, job, m.requestId, m.instanceId, m.timeEpochMs);
                }
            }
            case OwnerMessage.LEASE_ENDED -> {
                final ClassRun run = classRun(m, false);
                if (run != null)
                {
                    dispatcher.leaseEnded(run, job, m.token, m.instanceId);
                }
            }
            case OwnerMessage.STOP_LEASE -> {
                final ClassRun run = classRun(m, true);
                if (run != null)
                {
                    dispatcher.requestStop(run, job, m.token, m.instanceId);
                }
            }
            case OwnerMessage.LEASE_HELD -> {
                final ClassRun run = classRun(m, true);
                if (run != null)
                {
                    dispatcher.leaseHeld(run, job, m.token, m.attempt, m.instanceId);
                }
            }
            default -> throw new IllegalArgumentException("not a class side message: " + m);
        }
    }

    private void toDagSide(final OwnerMessage m)
    {
        switch (m.type)
        {
            case OwnerMessage.LEASE_REQUESTED -> {
                final DagRun run = dags.run(m.dagId);
                if (run != null)
                {
                    leases.issue(run, m.jobIndex, m.instanceId, m.requestId);
                }
                else
                {
                    // Finished, or never this node's: the asker's reservation must not wait for an answer.
                    final OwnerMessage denial = new OwnerMessage(OwnerMessage.LEASE_DENIED, m.dagId, m.jobIndex);
                    denial.requestId = m.requestId;
                    denial.instanceId = m.instanceId;
                    denial.notHeld = true;
                    link.reply(m.sourceNode, denial);
                }
            }
            case OwnerMessage.DISPATCH_REFUSED -> {
                final DagRun run = dags.run(m.dagId);
                if (run != null)
                {
                    dags.dispatchRefused(run, m.jobIndex, m.token, m.timeEpochMs);
                }
            }
            case OwnerMessage.LEASE_RENEWED -> dags.leaseRenewed(m.instanceId, m.dagId, m.jobIndex, m.token);
            case OwnerMessage.JOB_STARTED -> dags.started(m.instanceId, m.dagId, m.jobIndex, m.token, m.timeEpochMs);
            case OwnerMessage.JOB_SUCCEEDED -> dags.succeeded(m.instanceId, m.dagId, m.jobIndex, m.token, m.timeEpochMs, m.result);
            case OwnerMessage.JOB_FAILED -> dags.failed(m.instanceId, m.dagId, m.jobIndex, m.token, m.timeEpochMs, m.retryable, m.text);
            case OwnerMessage.EXECUTOR_LINKED -> dags.backAdoptedLeases(m.instanceId);
            case OwnerMessage.EXECUTOR_REPORTED -> dags.dropUnreportedAdoptedLeases(m.instanceId);
            case OwnerMessage.EXECUTOR_LOST -> dags.executorLost(m.instanceId, m.text);
            default -> throw new IllegalArgumentException("not a DAG side message: " + m);
        }
    }

    /**
     * A node started a new ownership term: whatever it had told this node is void. The class side lets go of what it
     * held for the node's DAGs (their new owners say again what is true), and the DAG side sends its own again (the
     * node may be a class owner that forgot it all).
     */
    private void peerStartedAfresh(final int node, final long epoch)
    {
        dispatcher.resync(run -> run.dagSide == null && run.dagOwnerNode == node && run.dagOwnerEpoch < epoch);
        dags.resync();
    }

    /**
     * The class side's record of the message's DAG, made from its plan the first time when {@code make}; null when
     * there is none or the message is stale. A message from a newer owner of the DAG than the last one voids what the
     * old owner said: the record lets go of its slots, and the new owner's messages take back what is still true.
     */
    private ClassRun classRun(final OwnerMessage m, final boolean make)
    {
        ClassRun run = classes.run(m.dagId);
        if (run == null)
        {
            if (!make || m.plan == null || finished.contains(m.dagId))
            {
                return null;
            }
            run = new ClassRun(m.dagId, m.plan, classes.queuesOf(m.plan), m.submittedAtEpochMs, nanoClock.nanoTime());
            classes.track(run);
        }
        else if (run.dagSide != null)
        {
            // This node's own DAG side holds the DAG: another node's word about it is from before it moved here.
            SchedulerCounters.increment(counters.staleOwnerMessages);
            return null;
        }
        else if (m.senderEpoch != run.dagOwnerEpoch)
        {
            if (m.senderEpoch < run.dagOwnerEpoch)
            {
                SchedulerCounters.increment(counters.staleOwnerMessages);
                return null;
            }
            final ClassRun moved = run;
            dispatcher.resync(r -> r == moved);
        }
        run.dagOwnerNode = m.sourceNode;
        run.dagOwnerEpoch = m.senderEpoch;
        return run;
    }

    private void rememberFinished(final long dagId)
    {
        final long oldest = finishedOrder[finishedNext];
        if (oldest != 0)
        {
            finished.remove(oldest);
        }
        finishedOrder[finishedNext] = dagId;
        finishedNext = (finishedNext + 1) & (FINISHED_MEMORY - 1);
        finished.add(dagId);
    }
}
