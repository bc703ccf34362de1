package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.signals.ClassRecorders;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class owner's side of a lease: the planner's pairing of a job with a slot becomes a lease request to the
 * DAG side, the dispatch waits here until the batch that leased it is durable and then goes to the executor, and
 * the slot is released when the DAG side ends the attempt. Stops (cancels) go out the same way, after the batch.
 * It keeps its own record of each slot's lease ({@link ClassRun}), so it can check every message against it and,
 * when the link lost messages, let go of everything and take back what the DAG side says again.
 */
final class ClassDispatcher implements DispatchPlanner.LeaseIssuer
{
    private final ExecutorRoster roster;
    private final ClassOwner classes;
    private final DispatchSender sender;
    private final SchedulerCounters counters;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private OwnerLink link;
    private long nextRequestId;
    /** Refused dispatches whose LeaseEnded has not come back: sent again if the link loses messages. Rare. */
    private final List<RefusedLease> refused = new ArrayList<>();

    private record RefusedLease(ClassRun run, int job, long token)
    {
    }

    /** Leases to stop (instance, DAG, job, token), sent like dispatches once the batch that ended them is durable. */
    private long[] cancels = new long[4 * 16];
    /** Tokens of the stops sent in this round: a dispatch of one of them, queued in the same batch, stays here. */
    private final LongHashSet stopping = new LongHashSet();
    private int cancelCount;
    private ClassRun[] dispatchRuns = new ClassRun[256];
    private int[] dispatchJobs = new int[256];
    private ExecutorSlots[] dispatchSlots = new ExecutorSlots[256];
    private long[] dispatchTokens = new long[256];
    private int[] dispatchAttempts = new int[256];
    private int dispatchCount;

    ClassDispatcher(
        final ExecutorRoster roster,
        final ClassOwner classes,
        final DispatchSender sender,
        final SchedulerCounters counters,
        final SchedulerContext context)
    {
        this.roster = roster;
        this.classes = classes;
        this.sender = sender;
        this.counters = counters;
        this.epochClock = context.epochClock();
        this.nanoClock = context.nanoClock();
    }

    void link(final OwnerLink link)
    {
        this.link = link;
    }

    /**
     * JobReady: the job's last lease ({@code endedToken}, 0 for none) is over by now, so a slot still held for it is
     * released first (its LeaseEnded may be behind), then the job joins its frontier.
     */
    void jobReady(final ClassRun run, final int jobIndex, final long readyAtEpochMs, final long endedToken, final long endedInstanceId)
    {
        if (endedToken != 0)
        {
            leaseEnded(run, jobIndex, endedToken, endedInstanceId);
        }
        if (run.slotLeases[jobIndex] < 0)
        {
            run.readyAgain[jobIndex] = true;
        }
        classes.enqueue(run, jobIndex, readyAtEpochMs);
    }

    /** The planner reserved {@code slots} for the job: ask the DAG side for the lease; its grant queues the dispatch. */
    @Override
    public void lease(final ClassRun run, final int jobIndex, final ExecutorSlots slots)
    {
        final long nowNs = nanoClock.nanoTime();
        run.leasedAtNs[jobIndex] = nowNs;
        run.queues[jobIndex].signals.record(LatencySignal.SLOT_WAIT, nowNs - run.readyAtNs[jobIndex]);
        final long requestId = ++nextRequestId;
        run.slotLeases[jobIndex] = -requestId;
        run.confirmedAtMs[jobIndex] = epochClock.time();
        run.heldSlots[jobIndex] = slots;
        link.leaseRequested(run, jobIndex, slots.instance.instanceId(), requestId);
    }

    /** The DAG side issued the lease of request {@code requestId}: its dispatch leaves once this batch is durable. */
    void leaseGranted(final ClassRun run, final int jobIndex, final long requestId, final long token, final int attempt, final long instanceId)
    {
        final long held = run.slotLeases[jobIndex];
        if (held != -requestId)
        {
            if (held != token && token > run.endedTokens[jobIndex] && !run.finished)
            {
                // This side let go of the reservation before the grant came (its executor was lost, the link was
                // resynchronised): nobody will dispatch the lease, so the DAG side ends it now, not at its timeout.
                SchedulerCounters.increment(counters.lateGrantsRefused);
                link.dispatchRefused(run, jobIndex, token, epochClock.time());
            }
            return; // otherwise a repeated grant, or one for a lease that has ended
        }
        if (token <= run.endedTokens[jobIndex])
        {
            // The lease ended before its grant arrived: nothing to dispatch. If the job became ready again meanwhile
            // (its JobReady overtook this grant), it goes back to its frontier.
            final boolean readyAgain = run.readyAgain[jobIndex];
            letGo(run, jobIndex);
            if (readyAgain)
            {
                classes.enqueue(run, jobIndex, epochClock.time());
            }
            return;
        }
        run.slotLeases[jobIndex] = token;
        run.readyAgain[jobIndex] = false; // the JobReady it came with was older than this lease
        run.confirmedAtMs[jobIndex] = epochClock.time();
        if (classes.dispatchPaused(run.queues[jobIndex]))
        {
            // Paused between the request and its grant: nothing leaves a paused class. The job is ready again, as
            // after back-pressure, and its slot is free once the DAG side says the lease ended.
            SchedulerCounters.increment(counters.lateGrantsRefused);
            refuse(run, jobIndex, token);
            return;
        }
        queueDispatch(run, jobIndex, run.heldSlots[jobIndex], token, attempt);
    }

    private void refuse(final ClassRun run, final int jobIndex, final long token)
    {
        refused.add(new RefusedLease(run, jobIndex, token));
        link.dispatchRefused(run, jobIndex, token, epochClock.time());
    }

    private void queueDispatch(final ClassRun run, final int jobIndex, final ExecutorSlots slots, final long token, final int attempt)
    {
        if (dispatchCount == dispatchRuns.length)
        {
            final int capacity = dispatchCount * 2;
            dispatchRuns = Arrays.copyOf(dispatchRuns, capacity);
            dispatchJobs = Arrays.copyOf(dispatchJobs, capacity);
            dispatchSlots = Arrays.copyOf(dispatchSlots, capacity);
            dispatchTokens = Arrays.copyOf(dispatchTokens, capacity);
            dispatchAttempts = Arrays.copyOf(dispatchAttempts, capacity);
        }
        dispatchRuns[dispatchCount] = run;
        dispatchJobs[dispatchCount] = jobIndex;
        dispatchSlots[dispatchCount] = slots;
        dispatchTokens[dispatchCount] = token;
        dispatchAttempts[dispatchCount] = attempt;
        dispatchCount++;
    }

    /** The DAG side did not issue the lease: the reserved slot goes back to the class, and a job still ready to its frontier. */
    void leaseDenied(final ClassRun run, final int jobIndex, final long requestId, final long instanceId, final long readyAtEpochMs)
    {
        if (run.slotLeases[jobIndex] == -requestId)
        {
            final boolean readyAgain = run.readyAgain[jobIndex];
            letGo(run, jobIndex);
            if (readyAtEpochMs > 0 || readyAgain)
            {
                // Still ready (its paused DAG holds it back, not this side), or ready again since the request.
                classes.enqueue(run, jobIndex, readyAtEpochMs > 0 ? readyAtEpochMs : epochClock.time());
            }
        }
    }

    int pendingDispatches()
    {
        return dispatchCount;
    }

    int pendingCancels()
    {
        return cancelCount;
    }

    /** The batch was fenced off or the term ended: these dispatches and cancels never leave the node. */
    void dropPending()
    {
        Arrays.fill(dispatchRuns, 0, dispatchCount, null);
        Arrays.fill(dispatchSlots, 0, dispatchCount, null);
        dispatchCount = 0;
        cancelCount = 0;
    }

    /**
     * Sends the batch's cancels and then its dispatches, now that it is durable; a dispatch the transport refuses
     * goes back to the DAG side. Cancels go first: a job whose lease was revoked and leased again in one batch gets
     * the stop for the old token before the new dispatch (the executor refuses the older token either way).
     */
    void sendPending()
    {
        if (!refused.isEmpty())
        {
            refused.removeIf(lease -> lease.token() <= lease.run().endedTokens[lease.job()]);
        }
        if (cancelCount > 0)
        {
            sendCancels();
        }
        else if (!stopping.isEmpty())
        {
            stopping.clear();
        }
        final int count = dispatchCount;
        dispatchCount = 0;
        final long durableNs = nanoClock.nanoTime();
        final long nowEpochMs = epochClock.time();
        for (int i = 0; i < count; i++)
        {
            final ClassRun run = dispatchRuns[i];
            final int job = dispatchJobs[i];
            final ExecutorSlots slots = dispatchSlots[i];
            dispatchRuns[i] = null;
            dispatchSlots[i] = null;
            final long token = dispatchTokens[i];
            if (run.slotLeases[job] != token || slots == null)
            {
                continue; // the lease ended before it could leave (instance lost in the same batch)
            }
            if (stopping.contains(token))
            {
                // Its grant and its stop arrived in the same batch: it never leaves, and the DAG side ends the
                // attempt now (as cancelled) instead of waiting for a callback that cannot come.
                refuse(run, job, token);
                continue;
            }
            final DagPlan plan = run.plan;
            final long deadlineEpochMs = plan.hardDeadlineMs(job) > 0 ? run.submittedAtEpochMs + plan.hardDeadlineMs(job) : 0L;
            final boolean sent = sender.sendDispatch(
                slots.instance.instanceId(), run.dagId, job, dispatchAttempts[i], token, deadlineEpochMs,
                plan.executorClass(job), plan.jobId(job), plan.payload(job));
            if (sent)
            {
                SchedulerCounters.increment(counters.jobsDispatched);
                recordDispatch(run, job, dispatchAttempts[i], durableNs, nowEpochMs);
            }
            else
            {
                // Back-pressure: the work goes back to the frontier under a new lease later; nothing is dropped.
                SchedulerCounters.increment(counters.dispatchBackPressure);
                refuse(run, job, token);
            }
        }
    }

    private void recordDispatch(final ClassRun run, final int job, final int attempt, final long durableNs, final long nowEpochMs)
    {
        final ClassRecorders signals = run.queues[job].signals;
        final long sentNs = nanoClock.nanoTime();
        signals.record(LatencySignal.LEASE, durableNs - run.leasedAtNs[job]);
        signals.record(LatencySignal.READY_TO_DISPATCH, sentNs - run.readyAtNs[job]);
        if (attempt == 1)
        {
            signals.record(LatencySignal.SUBMIT_TO_DISPATCH, sentNs - run.submittedAtNs);
        }
        SlackSignals.record(signals, run.plan, run.submittedAtEpochMs, job, nowEpochMs, LatencySignal.SOFT_SLACK_AT_DISPATCH, LatencySignal.HARD_SLACK_AT_DISPATCH);
    }

    /** Asks the executor holding the lease {@code token} to stop, once this batch is durable. */
    void requestStop(final ClassRun run, final int jobIndex, final long token, final long instanceId)
    {
        if (cancelCount * 4 == cancels.length)
        {
            cancels = Arrays.copyOf(cancels, cancels.length * 2);
        }
        final int at = cancelCount++ * 4;
        cancels[at] = instanceId;
        cancels[at + 1] = run.dagId;
        cancels[at + 2] = jobIndex;
        cancels[at + 3] = token;
    }

    private void sendCancels()
    {
        final int count = cancelCount;
        cancelCount = 0;
        stopping.clear();
        for (int i = 0; i < count; i++)
        {
            final int at = i * 4;
            stopping.add(cancels[at + 3]);
            sender.sendCancel(cancels[at], cancels[at + 1], (int)cancels[at + 2], cancels[at + 3]);
        }
    }

    /** The DAG side ended the lease {@code token}: its slot goes back to the class, which may plan again. */
    void leaseEnded(final ClassRun run, final int jobIndex, final long token, final long instanceId)
    {
        run.endedTokens[jobIndex] = Math.max(run.endedTokens[jobIndex], token);
        if (run.slotLeases[jobIndex] != token)
        {
            return; // a repeated end, or the end of a lease this side never held
        }
        if (run.leasedAtNs[jobIndex] != 0)
        {
            run.queues[jobIndex].signals.record(LatencySignal.SLOT_OCCUPANCY, nanoClock.nanoTime() - run.leasedAtNs[jobIndex]);
        }
        letGo(run, jobIndex);
    }

    /**
     * A live lease the DAG side holds occupies a slot of its instance now if that executor is linked, otherwise it
     * waits slotless and is announced again when the executor registers. It is one taken over from an earlier
     * owner, or one sent again after the link lost messages; if what was lost was its grant, it is dispatched now.
     */
    void leaseHeld(final ClassRun run, final int jobIndex, final long token, final int attempt, final long instanceId)
    {
        final boolean grant = run.grantLost[jobIndex];
        run.grantLost[jobIndex] = false;
        if ((run.slotLeases[jobIndex] == token && !run.slotless[jobIndex]) || token <= run.endedTokens[jobIndex] || run.finished)
        {
            return; // already holds its slot, or the lease (or its DAG) has ended
        }
        if (run.slotLeases[jobIndex] != 0 && run.slotLeases[jobIndex] != token)
        {
            // A reservation or an older lease of the job that this side still holds: the DAG side's word that this
            // lease is the live one supersedes it (a new owner of the DAG adopted it), so its slot goes back first.
            letGo(run, jobIndex);
        }
        if (run.frontierSlots[jobIndex] != ClassRun.NOT_IN_FRONTIER)
        {
            // Queued from an older word about the job (its JobReady came before the lease an earlier owner issued):
            // a leased job is not ready, and the planner must not reserve a second slot for it.
            run.queues[jobIndex].frontier.remove(run, jobIndex);
        }
        run.removeParked(jobIndex);
        classes.track(run);
        final ExecutorSlots slots = roster.slotsOf(instanceId, run.queues[jobIndex]);
        run.slotLeases[jobIndex] = token;
        run.confirmedAtMs[jobIndex] = epochClock.time();
        run.slotless[jobIndex] = slots == null;
        run.heldSlots[jobIndex] = slots;
        if (slots != null)
        {
            run.queues[jobIndex].occupy(slots);
            if (grant)
            {
                run.leasedAtNs[jobIndex] = nanoClock.nanoTime();
                queueDispatch(run, jobIndex, slots, token, attempt);
            }
        }
    }

    /** Releases whatever slot the job holds or has reserved here, and forgets the lease or request. */
    /**
     * The instance is lost: reservations on it still waiting for their grant are let go, so a grant that comes later
     * is refused rather than dispatched to an executor this side no longer has. Its live leases are the DAG side's to
     * end. Rare, and bounded by the tracked DAGs' jobs: a scan, as for the DAG side's leases.
     */
    void instanceLost(final ExecutorInstance instance)
    {
        for (final ClassRun run : classes.runs())
        {
            for (int job = 0, n = run.slotLeases.length; job < n; job++)
            {
                if (run.slotLeases[job] < 0 && run.heldSlots[job] != null && run.heldSlots[job].instance == instance)
                {
                    letGo(run, job);
                }
            }
        }
    }

    /** An executor renewed, started or finished the lease: the slot it holds is confirmed. */
    void confirmed(final long dagId, final int jobIndex, final long token)
    {
        final ClassRun run = classes.run(dagId);
        if (run != null && jobIndex >= 0 && jobIndex < run.slotLeases.length && run.slotLeases[jobIndex] == token)
        {
            run.confirmedAtMs[jobIndex] = epochClock.time();
        }
    }

    /**
     * Lets go of every slot whose lease nobody confirmed since {@code leasesBeforeMs}, and asks again for every
     * reservation whose request has had no answer since {@code requestsBeforeMs} (the request or its answer was lost
     * between nodes, and only one of them may know). Linear in the DAGs this side holds, so the pipeline calls it
     * once per half lease timeout, not per batch.
     */
    void expireUnconfirmed(final long leasesBeforeMs, final long requestsBeforeMs)
    {
        for (final ClassRun run : classes.runs())
        {
            for (int job = 0, n = run.slotLeases.length; job < n; job++)
            {
                if (run.slotLeases[job] > 0 && run.confirmedAtMs[job] < leasesBeforeMs)
                {
                    SchedulerCounters.increment(counters.slotsExpired);
                    letGo(run, job);
                }
                else if (run.slotLeases[job] < 0 && run.confirmedAtMs[job] < requestsBeforeMs)
                {
                    SchedulerCounters.increment(counters.leaseRequestsRepeated);
                    letGo(run, job);
                    if (!run.finished)
                    {
                        classes.enqueue(run, job, epochClock.time()); // a repeat is granted the same lease, or denied
                    }
                }
            }
        }
    }

    void letGo(final ClassRun run, final int jobIndex)
    {
        final ExecutorSlots slots = run.heldSlots[jobIndex];
        if (slots != null)
        {
            run.queues[jobIndex].release(slots);
            classes.schedulePlan(run.queues[jobIndex]);
        }
        run.slotLeases[jobIndex] = 0;
        run.readyAgain[jobIndex] = false;
        run.heldSlots[jobIndex] = null;
        run.slotless[jobIndex] = false;
        run.leasedAtNs[jobIndex] = 0;
        run.grantLost[jobIndex] = false;
    }

    /**
     * The link lost messages: lets go of every slot this side holds or has reserved. The DAG side sends every live
     * lease again (LeaseHeld takes its slot back, and dispatches it if its grant was lost) and every ready job (a
     * reservation whose request was lost goes back to the frontier that way); the core delivers all of it before it
     * plans again, so no slot is given twice.
     */
    void resync(final java.util.function.Predicate<ClassRun> exposed)
    {
        for (final ClassRun run : classes.runs())
        {
            if (!exposed.test(run))
            {
                continue; // its DAG's owner is not one the loss was with
            }
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.slotLeases[job] != 0)
                {
                    final boolean pending = run.slotLeases[job] < 0;
                    letGo(run, job);
                    if (pending && !run.finished && run.ownedElsewhere())
                    {
                        // Its request may never have arrived, and the DAG's owner, on another node, may not know
                        // anything was lost: the job queues again and asks again (a repeat is granted the same or
                        // denied). On one node the DAG side resends every ready job right after this.
                        classes.enqueue(run, job, epochClock.time());
                    }
                    run.grantLost[job] = pending;
                }
            }
        }
        // Dispatches granted but not sent yet stay: their LeaseHeld comes back with the same token, and they leave
        // once this batch is durable as before. Refusals the DAG side may not have heard of go again.
        refused.removeIf(lease -> lease.token() <= lease.run().endedTokens[lease.job()]);
        final long nowEpochMs = epochClock.time();
        for (final RefusedLease lease : refused)
        {
            link.dispatchRefused(lease.run(), lease.job(), lease.token(), nowEpochMs);
        }
    }
}
