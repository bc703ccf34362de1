package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.signals.ClassRecorders;
import io.weft.scheduler.signals.LatencyRecorders;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The state machine of the DAGs this node owns: it accepts them (with reference-key idempotency), decides what each
 * job's outcome means (success readies its children; a failure retries, fails, skips or cancels by policy), applies
 * cancels, pauses and deadlines, and ends the DAG. It tells the class side, through the {@link OwnerLink}, when a job
 * becomes ready or stops being ready, and asks the {@link FencedLeaseIssuer} to check, stop and end leases; it never
 * picks what runs.
 *
 * <p>Every change is recorded in the {@link JournalBatch}; nothing here leaves the node before the batch is durable
 * (acceptances wait in the {@link AckOutbox}, dispatches in the lease issuer).
 */
final class DagOwner
{
    private static final Logger LOG = LoggerFactory.getLogger(DagOwner.class);

    private final ClassOwner classes;
    private final OwnerLink link;
    private FencedLeaseIssuer leases;
    private final TimerQueue timers;
    private final JournalBatch batch;
    private final AckOutbox outbox;
    private final ReferenceIndex references = new ReferenceIndex();
    private final FinishedDagLedger finishedDags;
    private final SchedulerCounters counters;
    private final LatencyRecorders signals;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final int maxResultBytes;
    private final SplittableRandom random;
    private final Long2ObjectHashMap<DagRun> activeDags = new Long2ObjectHashMap<>();
    private int[] closeStack = new int[64];

    DagOwner(
        final ClassOwner classes,
        final OwnerLink link,
        final TimerQueue timers,
        final JournalBatch batch,
        final AckOutbox outbox,
        final SchedulerCounters counters,
        final LatencyRecorders signals,
        final SplittableRandom random,
        final SchedulerContext context)
    {
        this.classes = classes;
        this.link = link;
        this.timers = timers;
        this.batch = batch;
        this.outbox = outbox;
        this.counters = counters;
        this.signals = signals;
        this.epochClock = context.epochClock();
        this.nanoClock = context.nanoClock();
        this.maxResultBytes = context.maxResultBytes();
        this.random = random;
        this.finishedDags = new FinishedDagLedger(
            references, context.finishedRetentionMs(), context.maxFinishedJobs(), context.maxFinishedDags());
    }

    /** The lease side of this DAG owner; made after it, since both send through the same link. */
    void leases(final FencedLeaseIssuer leases)
    {
        this.leases = leases;
    }

    /** The run, when the DAG is active here and {@code run} is still it (a timer may outlive its DAG). */
    boolean isActive(final DagRun run)
    {
        return activeDags.get(run.dagId) == run;
    }

    // ------------------------------------------------------------------ submission

    void submit(final long dagId, final DagPlan plan, final SubmissionCallback callback, final long nowEpochMs, final long nowNs)
    {
        final String referenceKey = plan.referenceKey();
        if (referenceKey != null)
        {
            final Long existing = references.dagOf(referenceKey);
            if (existing != null)
            {
                switch (plan.duplicatePolicy())
                {
                    case REJECT -> {
                        outbox.duplicate(callback, dagId, existing);
                        return;
                    }
                    case REPLACE -> cancel(existing, -1);
                    case ALLOW -> {
                        // both run
                    }
                }
            }
            references.record(referenceKey, dagId);
        }
        final int n = plan.jobCount();
        final DagRun run = new DagRun(dagId, plan, classes.queuesOf(plan), nowEpochMs, nowNs);
        activeDags.put(dagId, run);
        batch.dagCreated(run);
        SchedulerCounters.increment(counters.dagsSubmitted);
        SchedulerCounters.add(counters.jobsSubmitted, n);
        for (int i = 0; i < n; i++)
        {
            if (plan.hardDeadlineMs(i) > 0)
            {
                timers.schedule(nowEpochMs + plan.hardDeadlineMs(i), TimerQueue.HARD_DEADLINE, run, i, 0);
            }
            if (run.remainingParents[i] == 0)
            {
                makeReady(run, i, nowEpochMs);
            }
        }
        outbox.accepted(callback, dagId);
    }

    @SuppressWarnings("unchecked")
    void restoreReferences(final Object keysToDagIds)
    {
        ((Map<String, Long>)keysToDagIds).forEach(references::restore);
    }

    // ------------------------------------------------------------------ callbacks of the current lease

    void leaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        final DagRun run = activeDags.get(dagId);
        if (run != null && jobIndex >= 0 && jobIndex < run.plan.jobCount()
            && FencedLeaseIssuer.isCurrent(run, jobIndex, instanceId, token))
        {
            leases.renew(run, jobIndex);
        }
    }

    void started(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        final DagRun run = currentLease(instanceId, dagId, jobIndex, token);
        if (run == null)
        {
            return;
        }
        if (run.jobState(jobIndex) != JobState.LEASED)
        {
            SchedulerCounters.increment(counters.staleCallbacks); // a duplicated Started
            return;
        }
        leases.started(run, jobIndex, atEpochMs);
    }

    void succeeded(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final byte[] result)
    {
        final DagRun run = currentLease(instanceId, dagId, jobIndex, token);
        if (run == null)
        {
            return; // a stale attempt's result is not this job's result
        }
        keepResult(run, jobIndex, result);
        // A success that raced a cancel request still counts: the work is done.
        leases.endAttemptOnCallback(run, jobIndex, atEpochMs);
        finish(run, jobIndex, JobState.SUCCEEDED, atEpochMs);
        SchedulerCounters.increment(counters.jobsSucceeded);

        final long nowEpochMs = epochClock.time();
        for (final int child : run.plan.children(jobIndex))
        {
            if (--run.remainingParents[child] == 0 && run.jobState(child) == JobState.WAITING)
            {
                makeReady(run, child, nowEpochMs);
            }
        }
        completeIfDone(run);
    }

    void failed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long token,
        final long atEpochMs,
        final boolean retryable,
        final String error)
    {
        final DagRun run = currentLease(instanceId, dagId, jobIndex, token);
        if (run == null)
        {
            return;
        }
        leases.endAttemptOnCallback(run, jobIndex, atEpochMs);
        if (!run.cancelRequested[jobIndex])
        {
            run.error(jobIndex, error); // a cancelled job keeps the reason it was cancelled, not the executor's echo
        }
        attemptEnded(run, jobIndex, retryable, atEpochMs);
    }

    /** The job's run when the callback matches its current lease; otherwise counts the callback as stale. */
    private DagRun currentLease(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        final DagRun run = activeDags.get(dagId);
        if (run == null || jobIndex < 0 || jobIndex >= run.plan.jobCount()
            || !FencedLeaseIssuer.isCurrent(run, jobIndex, instanceId, token))
        {
            SchedulerCounters.increment(counters.staleCallbacks);
            return null;
        }
        run.awaitingReport[jobIndex] = false;
        return run;
    }

    /** Keeps the result for the journal unless it is over the limit, which costs the result but not the success. */
    private void keepResult(final DagRun run, final int jobIndex, final byte[] result)
    {
        if (result == null || result.length == 0)
        {
            return;
        }
        if (result.length > maxResultBytes)
        {
            SchedulerCounters.increment(counters.resultsOverLimit);
            LOG.warn("job '{}' of DAG {} returned {} bytes, over the {} byte limit on results; its result is not kept",
                run.plan.jobId(jobIndex), run.dagId, result.length, maxResultBytes);
            return;
        }
        run.result(jobIndex, result);
    }

    // ------------------------------------------------------------------ people's requests

    /** Cancels one job (and what depends on it), or the whole DAG when {@code jobIndex} is negative. */
    void cancel(final long dagId, final int jobIndex)
    {
        final DagRun run = activeDags.get(dagId);
        if (run == null || jobIndex >= run.plan.jobCount())
        {
            return; // already finished, or never here: nothing to cancel
        }
        final long nowMs = epochClock.time();
        if (jobIndex < 0)
        {
            if (!run.cancelled)
            {
                run.cancelled = true;
                batch.dagChanged(run); // durable now: jobs still running may outlive this owner
            }
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                cancelJob(run, job, "DAG cancelled", nowMs);
            }
        }
        else
        {
            // Its descendants are cancelled when (and only if) the job itself ends cancelled: a job that finishes
            // before the request arrives, or succeeds meanwhile, leaves them alone.
            cancelJob(run, jobIndex, "job cancelled", nowMs);
        }
        completeIfDone(run);
    }

    /** Pauses or resumes one DAG; its running jobs finish either way. */
    void pause(final long dagId, final boolean pause)
    {
        final DagRun run = activeDags.get(dagId);
        if (run == null || run.paused == pause)
        {
            return;
        }
        run.paused = pause;
        if (pause)
        {
            run.stateBeforePause = run.state();
            run.state(DagState.PAUSED);
            link.dagPaused(run, ++run.pauseVersion);
        }
        else
        {
            run.state(run.stateBeforePause);
            link.dagResumed(run, ++run.pauseVersion);
        }
        batch.dagChanged(run);
    }

    // ------------------------------------------------------------------ takeover

    /**
     * Takes over a DAG from the grid after an earlier owner stopped: ready work goes back to the frontiers ranked
     * as of when it became ready, waiting work waits for the parents still unfinished, a retry waiting for its
     * backoff is due at once, and a held lease is kept for its executor to report (or to expire and retry).
     */
    void adopt(final AdoptedDag adopted)
    {
        if (activeDags.containsKey(adopted.dagId()) || adopted.state().isTerminal())
        {
            return;
        }
        final long nowMs = epochClock.time();
        final DagRun run = AdoptedDagRestorer.restore(adopted, classes.queuesOf(adopted.plan()), nowMs, nanoClock.nanoTime());
        activeDags.put(run.dagId, run);
        if (run.plan.referenceKey() != null)
        {
            references.restore(run.plan.referenceKey(), run.dagId);
        }
        if (run.paused)
        {
            link.dagPaused(run, ++run.pauseVersion);
        }
        for (int job = 0, n = run.plan.jobCount(); job < n; job++)
        {
            final JobState state = run.jobState(job);
            if (!state.isTerminal() && run.plan.hardDeadlineMs(job) > 0)
            {
                timers.schedule(run.submittedAtEpochMs + run.plan.hardDeadlineMs(job), TimerQueue.HARD_DEADLINE, run, job, 0);
            }
            switch (state)
            {
                case READY -> link.jobReady(run, job, run.readyAtEpochMs[job] > 0 ? run.readyAtEpochMs[job] : nowMs, run.fencingTokens[job], run.executorIds[job]);
                case RETRY_WAIT -> timers.schedule(nowMs, TimerQueue.RETRY_DUE, run, job, run.fencingTokens[job]);
                case LEASED, RUNNING -> {
                    leases.adopt(run, job, nowMs);
                    if (run.cancelRequested[job])
                    {
                        // Asked to stop before the old owner died: ask again; it ends CANCELLED however its lease ends.
                        leases.requestStop(run, job);
                    }
                }
                default -> {
                    // WAITING waits for its parents; terminal jobs stay as they are
                }
            }
        }
        SchedulerCounters.increment(counters.dagsAdopted);
        if (run.cancelled)
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                cancelJob(run, job, "DAG cancelled", nowMs);
            }
        }
        completeIfDone(run);
    }

    /** Leases taken over from an earlier owner, held by this newly registered instance, now occupy its slots. */
    void backAdoptedLeases(final long instanceId)
    {
        if (counters.leasesAdopted() == 0)
        {
            return; // nothing was ever taken over: skip the scan
        }
        for (final DagRun run : activeDags.values())
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.executorIds[job] == instanceId && run.jobState(job).holdsLease())
                {
                    link.leaseHeld(run, job, run.fencingTokens[job], run.attempts[job], instanceId);
                }
            }
        }
    }

    /**
     * An executor's first heartbeat after it registered lists every lease it holds. A lease taken over from an
     * earlier owner that it did not list is not running there (its dispatch or its callback was lost with the old
     * owner): the job retries now rather than after a whole lease timeout.
     */
    void dropUnreportedAdoptedLeases(final long instanceId)
    {
        if (counters.leasesAdopted() == 0)
        {
            return;
        }
        final long nowMs = epochClock.time();
        for (final DagRun run : activeDags.values().toArray(new DagRun[0]))
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.awaitingReport[job] && run.executorIds[job] == instanceId && run.jobState(job).holdsLease())
                {
                    run.awaitingReport[job] = false;
                    SchedulerCounters.increment(counters.adoptedLeasesDropped);
                    revokeLease(run, job, "executor " + instanceId + " does not hold the lease it had from the previous owner", nowMs);
                }
            }
        }
    }

    /**
     * The link lost messages: sends the class side again what is true now, which it takes in idempotently. Every
     * active DAG's pause state (under a new version), every ready job, every live lease (and its stop, if one was
     * asked for). Linear in the active jobs, and only after a broken link.
     */
    void resync()
    {
        SchedulerCounters.increment(counters.linkResyncs);
        for (final DagRun run : activeDags.values())
        {
            if (run.paused)
            {
                link.dagPaused(run, ++run.pauseVersion);
            }
            else
            {
                link.dagResumed(run, ++run.pauseVersion);
            }
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                final JobState state = run.jobState(job);
                if (state == JobState.READY)
                {
                    link.jobReady(run, job, run.readyAtEpochMs[job], run.fencingTokens[job], run.executorIds[job]);
                }
                else if (state.holdsLease())
                {
                    link.leaseHeld(run, job, run.fencingTokens[job], run.attempts[job], run.executorIds[job]);
                    if (run.cancelRequested[job])
                    {
                        link.stopLease(run, job, run.fencingTokens[job], run.executorIds[job]);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ what the node decides on its own

    /** Every job holding a lease of the lost instance ends its attempt and retries by its policy. */
    void executorLost(final long instanceId, final String reason)
    {
        LOG.warn("executor {} lost ({}); its leased jobs go back to retry", instanceId, reason);
        final long nowMs = epochClock.time();
        // Rare and bounded by the active jobs: scanning beats keeping a per-instance index on the hot path.
        for (final DagRun run : activeDags.values().toArray(new DagRun[0]))
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.jobState(job).holdsLease() && run.executorIds[job] == instanceId)
                {
                    leases.endAttempt(run, job);
                    run.error(job, "executor " + instanceId + " lost: " + reason);
                    attemptEnded(run, job, true, nowMs);
                }
            }
        }
    }

    /** A retry's backoff has passed. */
    void retryDue(final DagRun run, final int job, final long token, final long nowMs)
    {
        if (run.jobState(job) == JobState.RETRY_WAIT && run.fencingTokens[job] == token)
        {
            makeReady(run, job, nowMs);
        }
    }

    /** The job's hard deadline passed: one that has not started by now never will. */
    void hardDeadline(final DagRun run, final int job, final long nowMs)
    {
        final JobState state = run.jobState(job);
        if (state == JobState.WAITING || state == JobState.READY || state == JobState.RETRY_WAIT)
        {
            link.withdraw(run, job);
            expire(run, job, nowMs);
        }
    }

    /** Ends an attempt from the node's side: tells the executor to stop, frees the slot, and retries or fails. */
    void revokeLease(final DagRun run, final int job, final String reason, final long nowMs)
    {
        leases.requestStop(run, job);
        leases.endAttempt(run, job);
        run.error(job, reason);
        attemptEnded(run, job, true, nowMs);
    }

    /** The transport could not take the dispatch (back-pressure): the attempt never began, and the job is ready again. */
    void dispatchRefused(final DagRun run, final int job, final long token, final long nowMs)
    {
        if (!isActive(run) || !FencedLeaseIssuer.holds(run, job, token))
        {
            return; // a repeated refusal, or one for a lease that has already ended
        }
        if (run.jobState(job) == JobState.RUNNING)
        {
            // Its executor started it, so a dispatch did leave (from an earlier term of the class side, whose
            // successor refused a late copy of the grant): the lease stands, and the class side takes it back when
            // this side says it is held.
            return;
        }
        leases.endAttempt(run, job);
        run.attempts[job]--;
        if (run.cancelRequested[job])
        {
            // Stopped before its dispatch left: the cancel ends it, with the cancel's reason.
            finishCancelled(run, job, nowMs);
            completeIfDone(run);
            return;
        }
        makeReady(run, job, nowMs);
        if (hardDeadlinePassed(run, job, nowMs))
        {
            // Its deadline timer fired while it was leased; give it one more look at the next tick.
            timers.remove(run, job, TimerQueue.HARD_DEADLINE);
            timers.schedule(nowMs, TimerQueue.HARD_DEADLINE, run, job, 0);
        }
    }

    // ------------------------------------------------------------------ transitions

    private void makeReady(final DagRun run, final int jobIndex, final long nowEpochMs)
    {
        batch.transition(run, jobIndex, JobState.READY);
        run.readyAtEpochMs[jobIndex] = nowEpochMs;
        link.jobReady(run, jobIndex, nowEpochMs, run.fencingTokens[jobIndex], run.executorIds[jobIndex]);
    }

    private static boolean hardDeadlinePassed(final DagRun run, final int job, final long nowMs)
    {
        final long hardDeadlineMs = run.plan.hardDeadlineMs(job);
        return hardDeadlineMs > 0 && nowMs >= run.submittedAtEpochMs + hardDeadlineMs;
    }

    /** The hard deadline passed before the job could (again) start: it ends EXPIRED and counts as a failure. */
    private void expire(final DagRun run, final int job, final long nowMs)
    {
        run.error(job, "hard deadline passed before the job could start");
        finish(run, job, JobState.EXPIRED, nowMs);
        run.failedJobs++;
        SchedulerCounters.increment(counters.jobsExpired);
        closeAfterFailure(run, job, nowMs);
        completeIfDone(run);
    }

    /**
     * An attempt is over without success (its slot already released). A cancel request wins; otherwise the job
     * retries after its backoff if it may, or fails for good and its DAG's failure policy applies.
     */
    private void attemptEnded(final DagRun run, final int jobIndex, final boolean retryable, final long atEpochMs)
    {
        if (run.cancelRequested[jobIndex])
        {
            finishCancelled(run, jobIndex, atEpochMs);
            completeIfDone(run);
            return;
        }
        final var retry = run.plan.retry(jobIndex);
        if (retryable && hardDeadlinePassed(run, jobIndex, epochClock.time()))
        {
            expire(run, jobIndex, atEpochMs); // a retry could only start after the deadline
            return;
        }
        if (retryable && run.attempts[jobIndex] < retry.maxAttempts())
        {
            SchedulerCounters.increment(counters.jobRetries);
            batch.transition(run, jobIndex, JobState.RETRY_WAIT);
            final long nowMs = epochClock.time();
            timers.schedule(nowMs + retry.backoffMs(run.attempts[jobIndex], random.nextDouble()),
                TimerQueue.RETRY_DUE, run, jobIndex, run.fencingTokens[jobIndex]);
            return;
        }
        finish(run, jobIndex, JobState.FAILED, atEpochMs);
        run.failedJobs++;
        SchedulerCounters.increment(counters.jobsFailed);
        closeAfterFailure(run, jobIndex, atEpochMs);
        completeIfDone(run);
    }

    /** A job failed or expired for good: its descendants can never run, and fail-fast stops the rest too. */
    private void closeAfterFailure(final DagRun run, final int jobIndex, final long atEpochMs)
    {
        closeDescendants(run, jobIndex, JobState.SKIPPED, atEpochMs);
        if (run.plan.failurePolicy() == FailurePolicy.FAIL_FAST)
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                cancelJob(run, job, "fail-fast: job '" + run.plan.jobId(jobIndex) + "' failed", atEpochMs);
            }
        }
    }

    /** Stops one job: at once if it holds no lease, otherwise by asking its executor and waiting for the answer. */
    private void cancelJob(final DagRun run, final int job, final String reason, final long nowMs)
    {
        switch (run.jobState(job))
        {
            case WAITING, RETRY_WAIT -> {
                run.error(job, reason);
                finishCancelled(run, job, nowMs);
            }
            case READY -> {
                link.withdraw(run, job);
                run.error(job, reason);
                finishCancelled(run, job, nowMs);
            }
            case LEASED, RUNNING -> {
                if (!run.cancelRequested[job])
                {
                    run.cancelRequested[job] = true;
                    run.error(job, reason);
                    batch.jobChanged(run, job); // durable, so that a new owner does not run on what someone stopped
                    leases.requestStop(run, job);
                }
            }
            default -> {
                // terminal: nothing to stop
            }
        }
    }

    private void finishCancelled(final DagRun run, final int job, final long atEpochMs)
    {
        finish(run, job, JobState.CANCELLED, atEpochMs);
        SchedulerCounters.increment(counters.jobsCancelled);
        if (!run.cancelled)
        {
            run.failedJobs++;
        }
        closeDescendants(run, job, JobState.CANCELLED, atEpochMs);
    }

    private void finish(final DagRun run, final int jobIndex, final JobState terminal, final long atEpochMs)
    {
        timers.remove(run, jobIndex, TimerQueue.HARD_DEADLINE);
        batch.transition(run, jobIndex, terminal);
        run.finishedAtEpochMs[jobIndex] = atEpochMs;
        run.unfinishedJobs--;
        final ClassRecorders classSignals = run.queues[jobIndex].signals;
        classSignals.record(LatencySignal.SUBMIT_TO_TERMINAL, nanoClock.nanoTime() - run.submittedAtNs);
        SlackSignals.record(classSignals, run.plan, run.submittedAtEpochMs, jobIndex, atEpochMs, LatencySignal.SOFT_SLACK_AT_FINISH, LatencySignal.HARD_SLACK_AT_FINISH);
    }

    /** Ends every waiting job below {@code from}: they can never become ready. */
    private void closeDescendants(final DagRun run, final int from, final JobState terminal, final long atEpochMs)
    {
        int top = 0;
        closeStack[top++] = from;
        while (top > 0)
        {
            final int job = closeStack[--top];
            for (final int child : run.plan.children(job))
            {
                if (run.jobState(child) == JobState.WAITING)
                {
                    run.error(child, (terminal == JobState.SKIPPED ? "skipped: " : "cancelled: ") + "job '" + run.plan.jobId(from) + "' did not succeed");
                    finish(run, child, terminal, atEpochMs);
                    if (terminal == JobState.SKIPPED)
                    {
                        run.failedJobs++;
                        SchedulerCounters.increment(counters.jobsSkipped);
                    }
                    else
                    {
                        SchedulerCounters.increment(counters.jobsCancelled);
                        if (!run.cancelled)
                        {
                            run.failedJobs++;
                        }
                    }
                    if (top == closeStack.length)
                    {
                        closeStack = Arrays.copyOf(closeStack, top * 2);
                    }
                    closeStack[top++] = child;
                }
            }
        }
    }

    private void completeIfDone(final DagRun run)
    {
        if (run.unfinishedJobs > 0 || run.state().isTerminal())
        {
            return;
        }
        run.state(run.cancelled ? DagState.CANCELLED : run.failedJobs > 0 ? DagState.FAILED : DagState.SUCCEEDED);
        run.dagFinishedAtEpochMs = epochClock.time();
        signals.record(LatencySignal.DAG_SUBMIT_TO_TERMINAL, nanoClock.nanoTime() - run.submittedAtNs);
        batch.dagChanged(run);
        activeDags.remove(run.dagId);
        link.dagFinished(run);
        SchedulerCounters.increment(counters.dagsCompleted);
        finishedDags.finished(run, batch);
    }

    /** Lets go of DAGs that finished longer ago than the retention of finished work (their reference keys). */
    void expireFinished(final long nowMs)
    {
        finishedDags.expire(nowMs);
    }

    // ------------------------------------------------------------------ read-only probes for tests

    /** The active DAG of this id, or null. */
    DagRun run(final long dagId)
    {
        return activeDags.get(dagId);
    }

    int activeDagCount()
    {
        return activeDags.size();
    }

    int referenceKeys()
    {
        return references.size();
    }

    /** The DAGs active here, for the core's probes. */
    Iterable<DagRun> activeRuns()
    {
        return activeDags.values();
    }
}
