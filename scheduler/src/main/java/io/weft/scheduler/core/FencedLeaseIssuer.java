package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.signals.ClassRecorders;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

import java.util.Arrays;

/**
 * Issues, checks and ends leases. A lease is a job's claim on one slot of one executor instance, named by a fencing
 * token: the owner epoch in the high bits and a counter in the low bits, so every lease of a job carries a larger
 * token than any before it, whichever owner issued the earlier one, and no clock is involved. Dispatches wait here
 * until the batch that leased them is durable; only then do they leave the node.
 */
final class FencedLeaseIssuer implements DispatchPlanner.LeaseIssuer
{
    private static final LatencySignal[] SIGNALS = LatencySignal.values();

    /** What becomes of a dispatch the transport could not take (back-pressure): the job is ready again. */
    interface DispatchRefusals
    {
        void dispatchRefused(DagRun run, int jobIndex, long nowEpochMs);
    }

    private final ExecutorRoster roster;
    private final ClassOwner classes;
    private final TimerQueue timers;
    private final JournalBatch batch;
    private final DispatchSender sender;
    private final SchedulerCounters counters;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final long leaseTimeoutMs;
    private long nextFencingToken;

    /** Leases to stop (instance, DAG, job, token), sent like dispatches once the batch that ended them is durable. */
    private long[] cancels = new long[4 * 16];
    private int cancelCount;
    private DagRun[] dispatchRuns = new DagRun[256];
    private int[] dispatchJobs = new int[256];
    private ExecutorSlots[] dispatchSlots = new ExecutorSlots[256];
    private int dispatchCount;

    FencedLeaseIssuer(
        final long ownerEpoch,
        final ExecutorRoster roster,
        final ClassOwner classes,
        final TimerQueue timers,
        final JournalBatch batch,
        final DispatchSender sender,
        final SchedulerCounters counters,
        final SchedulerContext context)
    {
        this.nextFencingToken = ownerEpoch << SchedulerContext.TOKEN_COUNTER_BITS;
        this.roster = roster;
        this.classes = classes;
        this.timers = timers;
        this.batch = batch;
        this.sender = sender;
        this.counters = counters;
        this.epochClock = context.epochClock();
        this.nanoClock = context.nanoClock();
        this.leaseTimeoutMs = context.leaseTimeoutMs();
    }

    @Override
    public void lease(final DagRun run, final int jobIndex, final ExecutorSlots slots)
    {
        final long nowMs = epochClock.time();
        final long nowNs = nanoClock.nanoTime();
        run.leasedAtNs[jobIndex] = nowNs;
        run.queues[jobIndex].signals.record(LatencySignal.SLOT_WAIT, nowNs - run.readyAtNs[jobIndex]);
        batch.transition(run, jobIndex, JobState.LEASED);
        run.attempts[jobIndex]++;
        final long token = ++nextFencingToken;
        run.fencingTokens[jobIndex] = token;
        run.executorIds[jobIndex] = slots.instance.instanceId();
        run.dispatchedAtEpochMs[jobIndex] = nowMs;
        run.startedAtEpochMs[jobIndex] = 0;
        run.leaseExpiresAtEpochMs[jobIndex] = nowMs + leaseTimeoutMs;
        timers.schedule(nowMs + leaseTimeoutMs, TimerQueue.LEASE_CHECK, run, jobIndex, token);
        if (run.plan.runTimeoutMs(jobIndex) > 0)
        {
            timers.schedule(nowMs + run.plan.runTimeoutMs(jobIndex), TimerQueue.RUN_TIMEOUT, run, jobIndex, token);
        }
        if (run.state() == DagState.PENDING)
        {
            run.state(DagState.RUNNING);
            batch.dagChanged(run);
        }
        if (dispatchCount == dispatchRuns.length)
        {
            final int capacity = dispatchCount * 2;
            dispatchRuns = Arrays.copyOf(dispatchRuns, capacity);
            dispatchJobs = Arrays.copyOf(dispatchJobs, capacity);
            dispatchSlots = Arrays.copyOf(dispatchSlots, capacity);
        }
        dispatchRuns[dispatchCount] = run;
        dispatchJobs[dispatchCount] = jobIndex;
        dispatchSlots[dispatchCount] = slots;
        dispatchCount++;
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
     * goes to {@code refusals}. Cancels go first: a job whose lease was revoked and leased again in one batch gets
     * the stop for the old token before the new dispatch (the executor refuses the older token either way).
     */
    void sendPending(final DispatchRefusals refusals)
    {
        if (cancelCount > 0)
        {
            sendCancels();
        }
        final int count = dispatchCount;
        dispatchCount = 0;
        final long durableNs = nanoClock.nanoTime();
        final long nowEpochMs = epochClock.time();
        for (int i = 0; i < count; i++)
        {
            final DagRun run = dispatchRuns[i];
            final int job = dispatchJobs[i];
            final ExecutorSlots slots = dispatchSlots[i];
            dispatchRuns[i] = null;
            dispatchSlots[i] = null;
            if (run.jobState(job) != JobState.LEASED || run.executorIds[job] != slots.instance.instanceId())
            {
                continue; // the lease ended before it could leave (instance lost in the same batch)
            }
            final DagPlan plan = run.plan;
            final long deadlineEpochMs = plan.hardDeadlineMs(job) > 0 ? run.submittedAtEpochMs + plan.hardDeadlineMs(job) : 0L;
            final boolean sent = sender.sendDispatch(
                slots.instance.instanceId(), run.dagId, job, run.attempts[job], run.fencingTokens[job], deadlineEpochMs,
                plan.executorClass(job), plan.jobId(job), plan.payload(job));
            if (sent)
            {
                SchedulerCounters.increment(counters.jobsDispatched);
                recordDispatch(run, job, durableNs, nowEpochMs);
            }
            else
            {
                // Back-pressure: the work goes back to the frontier under a new lease later; nothing is dropped.
                SchedulerCounters.increment(counters.dispatchBackPressure);
                endAttempt(run, job);
                run.attempts[job]--;
                refusals.dispatchRefused(run, job, epochClock.time());
            }
        }
    }

    private void recordDispatch(final DagRun run, final int job, final long durableNs, final long nowEpochMs)
    {
        final ClassRecorders signals = run.queues[job].signals;
        final long sentNs = nanoClock.nanoTime();
        signals.record(LatencySignal.LEASE, durableNs - run.leasedAtNs[job]);
        signals.record(LatencySignal.READY_TO_DISPATCH, sentNs - run.readyAtNs[job]);
        if (run.attempts[job] == 1)
        {
            signals.record(LatencySignal.SUBMIT_TO_DISPATCH, sentNs - run.submittedAtNs);
        }
        recordSlack(signals, run, job, nowEpochMs, LatencySignal.SOFT_SLACK_AT_DISPATCH, LatencySignal.HARD_SLACK_AT_DISPATCH);
    }

    /**
     * The SLA pressure signals at {@code nowEpochMs}: time left to each deadline the job has, recorded as the slack
     * signal when it is kept and as the matching miss signal when it is past. {@code softSlack} and
     * {@code hardSlack} name the slack signals of the moment; each miss signal follows its slack signal.
     */
    static void recordSlack(
        final ClassRecorders signals,
        final DagRun run,
        final int job,
        final long nowEpochMs,
        final LatencySignal softSlack,
        final LatencySignal hardSlack)
    {
        final DagPlan plan = run.plan;
        if (plan.softDeadlineMs(job) > 0)
        {
            record(signals, softSlack, run.submittedAtEpochMs + plan.softDeadlineMs(job) - nowEpochMs);
        }
        if (plan.hardDeadlineMs(job) > 0)
        {
            record(signals, hardSlack, run.submittedAtEpochMs + plan.hardDeadlineMs(job) - nowEpochMs);
        }
    }

    private static void record(final ClassRecorders signals, final LatencySignal slack, final long slackMs)
    {
        if (slackMs >= 0)
        {
            signals.record(slack, slackMs * 1_000_000L);
        }
        else
        {
            signals.record(SIGNALS[slack.ordinal() + 1], -slackMs * 1_000_000L);
        }
    }

    /** Whether a callback carries the job's current lease: its token and the instance that holds it. */
    static boolean isCurrent(final DagRun run, final int jobIndex, final long instanceId, final long token)
    {
        return run.jobState(jobIndex).holdsLease() && run.fencingTokens[jobIndex] == token && run.executorIds[jobIndex] == instanceId;
    }

    /** The executor still runs the job under its current lease: it lives one more lease timeout. */
    void renew(final DagRun run, final int jobIndex)
    {
        run.leaseExpiresAtEpochMs[jobIndex] = epochClock.time() + leaseTimeoutMs;
        run.awaitingReport[jobIndex] = false;
    }

    void started(final DagRun run, final int jobIndex, final long atEpochMs)
    {
        batch.transition(run, jobIndex, JobState.RUNNING);
        run.startedAtEpochMs[jobIndex] = atEpochMs;
        run.leaseExpiresAtEpochMs[jobIndex] = epochClock.time() + leaseTimeoutMs;
    }

    /**
     * A lease-check timer fired for the lease {@code token}: answers true when the lease has lapsed (not renewed in
     * time), otherwise checks again when it is next due.
     */
    boolean lapsed(final DagRun run, final int jobIndex, final long token, final long nowMs)
    {
        if (!holds(run, jobIndex, token))
        {
            return false;
        }
        if (run.leaseExpiresAtEpochMs[jobIndex] > nowMs)
        {
            timers.schedule(run.leaseExpiresAtEpochMs[jobIndex], TimerQueue.LEASE_CHECK, run, jobIndex, token);
            return false;
        }
        return true;
    }

    /** Whether the lease {@code token} is still the job's current one. */
    static boolean holds(final DagRun run, final int jobIndex, final long token)
    {
        return run.jobState(jobIndex).holdsLease() && run.fencingTokens[jobIndex] == token;
    }

    /**
     * Asks the executor holding the job's lease to stop it, once this batch is durable; the lease ends when it
     * answers or lapses. Waiting for the journal means an owner fenced off by a newer one stops nothing the newer
     * owner now holds: a zombie's lease checks fire when it resumes, and their cancels never leave.
     */
    void requestStop(final DagRun run, final int jobIndex)
    {
        if (cancelCount * 4 == cancels.length)
        {
            cancels = Arrays.copyOf(cancels, cancels.length * 2);
        }
        final int at = cancelCount++ * 4;
        cancels[at] = run.executorIds[jobIndex];
        cancels[at + 1] = run.dagId;
        cancels[at + 2] = jobIndex;
        cancels[at + 3] = run.fencingTokens[jobIndex];
    }

    private void sendCancels()
    {
        final int count = cancelCount;
        cancelCount = 0;
        for (int i = 0; i < count; i++)
        {
            final int at = i * 4;
            sender.sendCancel(cancels[at], cancels[at + 1], (int)cancels[at + 2], cancels[at + 3]);
        }
    }

    /** Ends the current attempt's lease: its timers go and its slot is released to the class. */
    void endAttempt(final DagRun run, final int jobIndex)
    {
        timers.remove(run, jobIndex, TimerQueue.LEASE_CHECK);
        timers.remove(run, jobIndex, TimerQueue.RUN_TIMEOUT);
        // An adopted lease that ends unreported must not leave its mark on the job's next lease, or that executor's
        // second heartbeat would revoke a lease it was never asked to report.
        run.awaitingReport[jobIndex] = false;
        final ClassQueue queue = run.queues[jobIndex];
        final ExecutorSlots slots = run.slotless[jobIndex] ? null : roster.slotsOf(run.executorIds[jobIndex], queue);
        run.slotless[jobIndex] = false;
        if (slots != null)
        {
            queue.release(slots);
            classes.schedulePlan(queue);
        }
        if (run.leasedAtNs[jobIndex] != 0)
        {
            queue.signals.record(LatencySignal.SLOT_OCCUPANCY, nanoClock.nanoTime() - run.leasedAtNs[jobIndex]);
            run.leasedAtNs[jobIndex] = 0;
        }
    }

    /**
     * Ends the attempt on its executor's terminal callback, sent at {@code sentAtEpochMs} by the executor's clock:
     * the time from there to the slot's release is the callback-to-release signal (millisecond resolution, and
     * only as good as the two clocks agree).
     */
    void endAttemptOnCallback(final DagRun run, final int jobIndex, final long sentAtEpochMs)
    {
        endAttempt(run, jobIndex);
        run.queues[jobIndex].signals.record(LatencySignal.CALLBACK_TO_RELEASE, (epochClock.time() - sentAtEpochMs) * 1_000_000L);
    }

    /**
     * Keeps a lease issued by an earlier owner: its executor has one lease timeout to report it here. Its slot is
     * occupied now if the executor is already linked, otherwise when it registers ({@link #backAdopted}).
     */
    void adopt(final DagRun run, final int jobIndex, final long nowMs)
    {
        final long token = run.fencingTokens[jobIndex];
        run.leaseExpiresAtEpochMs[jobIndex] = nowMs + leaseTimeoutMs;
        run.awaitingReport[jobIndex] = true;
        timers.schedule(nowMs + leaseTimeoutMs, TimerQueue.LEASE_CHECK, run, jobIndex, token);
        if (run.plan.runTimeoutMs(jobIndex) > 0)
        {
            final long since = run.dispatchedAtEpochMs[jobIndex] > 0 ? run.dispatchedAtEpochMs[jobIndex] : nowMs;
            timers.schedule(since + run.plan.runTimeoutMs(jobIndex), TimerQueue.RUN_TIMEOUT, run, jobIndex, token);
        }
        final ExecutorSlots slots = roster.slotsOf(run.executorIds[jobIndex], run.queues[jobIndex]);
        if (slots != null)
        {
            run.queues[jobIndex].occupy(slots);
        }
        else
        {
            run.slotless[jobIndex] = true;
        }
        SchedulerCounters.increment(counters.leasesAdopted);
    }

    /** An adopted lease without a slot, held by {@code instance} which has just registered, now occupies its slot. */
    void backAdopted(final DagRun run, final int jobIndex, final ExecutorInstance instance)
    {
        final ExecutorSlots slots = instance.slotsFor(run.queues[jobIndex]);
        if (slots != null)
        {
            run.slotless[jobIndex] = false;
            run.queues[jobIndex].occupy(slots);
        }
    }
}
