package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.LatencySignal;
import org.agrona.concurrent.EpochClock;

/**
 * The DAG owner's side of a lease: issues, checks and ends them. A lease is a job's claim on one slot of one
 * executor instance, named by a fencing token: the owner epoch in the high bits and a counter in the low bits, so
 * every lease of a job carries a larger token than any before it, whichever owner issued the earlier one, and no
 * clock is involved. The lease is recorded in the batch; the class side ({@link ClassDispatcher}) sends its
 * dispatch only once that batch is durable.
 */
final class FencedLeaseIssuer
{
    private final TimerQueue timers;
    private final JournalBatch batch;
    private final SchedulerCounters counters;
    private final EpochClock epochClock;
    private final long leaseTimeoutMs;
    private final OwnerLink link;
    private long nextFencingToken;

    FencedLeaseIssuer(
        final long ownerEpoch,
        final TimerQueue timers,
        final JournalBatch batch,
        final SchedulerCounters counters,
        final SchedulerContext context,
        final OwnerLink link)
    {
        this.nextFencingToken = ownerEpoch << SchedulerContext.TOKEN_COUNTER_BITS;
        this.timers = timers;
        this.batch = batch;
        this.counters = counters;
        this.epochClock = context.epochClock();
        this.leaseTimeoutMs = context.leaseTimeoutMs();
        this.link = link;
    }

    /**
     * The class side reserved a slot of {@code instanceId} for the job: a new lease, recorded in this batch and
     * granted. A request for a job already leased to that instance is a repeat (or a late one the class side has
     * since replaced): it gets the same grant again, never a denial that could overtake the first grant and free
     * the slot its dispatch needs. Any other job no longer ready is denied.
     */
    void issue(final DagRun run, final int jobIndex, final long instanceId, final long requestId)
    {
        final JobState state = run.jobState(jobIndex);
        if (state.holdsLease() && run.executorIds[jobIndex] == instanceId)
        {
            link.leaseGranted(run, jobIndex, requestId, run.fencingTokens[jobIndex], run.attempts[jobIndex], instanceId);
            return;
        }
        if (state != JobState.READY || run.state().isTerminal())
        {
            link.leaseDenied(run, jobIndex, requestId, instanceId, 0L);
            return;
        }
        if (run.state() == DagState.PAUSED)
        {
            // Requested before the pause reached the class side: the DAG side's pause is the one that counts. The job
            // is still ready, so it goes back to its frontier, where the planner parks it with its paused DAG.
            link.leaseDenied(run, jobIndex, requestId, instanceId, Math.max(1L, run.readyAtEpochMs[jobIndex]));
            return;
        }
        final long nowMs = epochClock.time();
        batch.transition(run, jobIndex, JobState.LEASED);
        run.attempts[jobIndex]++;
        final long token = ++nextFencingToken;
        run.fencingTokens[jobIndex] = token;
        run.executorIds[jobIndex] = instanceId;
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
        link.leaseGranted(run, jobIndex, requestId, token, run.attempts[jobIndex], instanceId);
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
     * Asks the executor holding the job's lease to stop, once this batch is durable; the lease ends when it
     * answers or lapses. Waiting for the journal means an owner fenced off by a newer one stops nothing the newer
     * owner now holds: a zombie's lease checks fire when it resumes, and their cancels never leave.
     */
    void requestStop(final DagRun run, final int jobIndex)
    {
        link.stopLease(run, jobIndex, run.fencingTokens[jobIndex], run.executorIds[jobIndex]);
    }

    /** Ends the current attempt's lease: its timers go and its slot is released to the class. */
    void endAttempt(final DagRun run, final int jobIndex)
    {
        timers.remove(run, jobIndex, TimerQueue.LEASE_CHECK);
        timers.remove(run, jobIndex, TimerQueue.RUN_TIMEOUT);
        // An adopted lease that ends unreported must not leave its mark on the job's next lease, or that executor's
        // second heartbeat would revoke a lease it was never asked to report.
        run.awaitingReport[jobIndex] = false;
        link.leaseEnded(run, jobIndex, run.fencingTokens[jobIndex], run.executorIds[jobIndex]);
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
     * kept by its class side ({@link ClassDispatcher#leaseHeld}).
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
        link.leaseHeld(run, jobIndex, token, run.attempts[jobIndex], run.executorIds[jobIndex]);
        SchedulerCounters.increment(counters.leasesAdopted);
    }
}
