package io.weft.scheduler.core;

import com.lmax.disruptor.EventHandler;
import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.OwnershipLostException;
import io.weft.scheduler.port.SchedulerJournal;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The single writer of all scheduling state on a node. Every change arrives as a ring event; within a batch the
 * core only mutates memory. At the end of the batch it fires due timers, plans the classes that changed, makes
 * the batch durable with one journal write, and only then sends dispatches and acknowledges submissions. That
 * ordering is the whole safety argument: nothing leaves the node that the grid does not already hold.
 *
 * <p>Fencing: a token is the owner epoch in its high bits and a counter in its low bits, so every lease gets a token
 * larger than any before it for its job, whichever owner issued the earlier one. A callback, renewal or timer
 * counts only if it carries the job's current token (and, for callbacks, the executor that holds the lease). When
 * the journal reports that a newer owner holds some of a batch's DAGs, the core is fenced off: nothing of that
 * batch leaves the node and it refuses everything after, until the node drops it.
 */
public final class SchedulerCore implements EventHandler<SchedulerEvent>, DispatchPlanner.LeaseIssuer
{
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCore.class);
    private static final long JOURNAL_RETRY_BACKOFF_MS = 100;

    private final SchedulerJournal journal;
    private final DispatchSender sender;
    private final DispatchPlanner planner;
    private final FrontierRanking ranking;
    private final StageTimings timings;
    private final SchedulerCounters counters;
    private final ExecutorDirectory executorsView;
    private final PauseView pauseView;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final long heartbeatTimeoutMs;
    private final long housekeepingIntervalMs;
    private final long leaseTimeoutMs;
    private final int maxResultBytes;
    private final SplittableRandom random;

    private final Long2ObjectHashMap<DagRun> activeDags = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ExecutorInstance> executors = new Long2ObjectHashMap<>();
    private final Map<String, ClassQueue> queuesByClass = new HashMap<>();
    private final List<ClassQueue> queues = new ArrayList<>();
    private final JournalBatch batch = new JournalBatch();
    private TimerQueue timers = new TimerQueue();
    /** The latest DAG submitted under each reference key; kept after the DAG ends, so resubmission stays idempotent. */
    private final Map<String, Long> dagsByReference = new HashMap<>();
    /** Refusals of duplicate submissions, told at the end of the batch like acknowledgements. */
    private final List<Runnable> duplicates = new ArrayList<>();

    private ClassQueue[] planList = new ClassQueue[16];
    private int planCount;
    private DagRun[] dispatchRuns = new DagRun[256];
    private int[] dispatchJobs = new int[256];
    private ExecutorSlots[] dispatchSlots = new ExecutorSlots[256];
    private int dispatchCount;
    private SubmissionCallback[] acks = new SubmissionCallback[64];
    private long[] ackDagIds = new long[64];
    private int ackCount;
    private int[] closeStack = new int[64];

    private final Runnable onFenced;
    /** False while this node does not own the scheduler (before a takeover, after stepping down or being fenced). */
    private boolean active;
    /**
     * Set from outside the core when ownership is being taken away, so a journal write stuck retrying against a
     * grid this node can no longer reach gives up instead of holding the core (and the step-down behind it) forever.
     */
    private volatile boolean revoked;
    private boolean schedulerPaused;
    private long readySequence;
    private long nextFencingToken;
    private long lastHousekeepingMs;

    public SchedulerCore(
        final SchedulerContext context,
        final SchedulerJournal journal,
        final DispatchSender sender,
        final StageTimings timings,
        final SchedulerCounters counters,
        final ExecutorDirectory executorsView,
        final PauseView pauseView)
    {
        this.journal = journal;
        this.sender = sender;
        this.planner = new PriorityDispatchPlanner();
        this.ranking = new SlaFairRanking(context.epochClock().time());
        this.timings = timings;
        this.counters = counters;
        this.executorsView = executorsView;
        this.pauseView = pauseView;
        this.epochClock = context.epochClock();
        this.nanoClock = context.nanoClock();
        this.heartbeatTimeoutMs = context.heartbeatTimeoutMs();
        this.housekeepingIntervalMs = context.housekeepingIntervalMs();
        this.leaseTimeoutMs = context.leaseTimeoutMs();
        this.maxResultBytes = context.maxResultBytes();
        this.random = new SplittableRandom(context.randomSeed());
        this.nextFencingToken = context.ownerEpoch() << SchedulerContext.TOKEN_COUNTER_BITS;
        this.active = context.ownerEpoch() > 0;
        this.onFenced = context.onFenced();
        this.lastHousekeepingMs = epochClock.time();
    }

    @Override
    public void onEvent(final SchedulerEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.type == SchedulerEvent.TAKE_OVER || event.type == SchedulerEvent.STEP_DOWN)
        {
            onOwnershipChange(event.type == SchedulerEvent.TAKE_OVER ? event.fencingToken : 0);
            return;
        }
        if (!active)
        {
            refuseWhileInactive(event);
            return;
        }
        try
        {
            switch (event.type)
            {
                case SchedulerEvent.SUBMIT -> onSubmit(event.dagId, (DagPlan)event.ref, event.callback, event.timeEpochMs, event.timeNs);
                case SchedulerEvent.EXECUTOR_REGISTERED -> onExecutorRegistered((ExecutorDescriptor)event.ref);
                case SchedulerEvent.HEARTBEAT -> onHeartbeat(event.instanceId);
                case SchedulerEvent.LEASE_RENEWED -> onLeaseRenewed(event.instanceId, event.dagId, event.jobIndex, event.fencingToken);
                case SchedulerEvent.JOB_STARTED -> onStarted(event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs);
                case SchedulerEvent.JOB_SUCCEEDED -> onSucceeded(
                    event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs, (byte[])event.ref);
                case SchedulerEvent.JOB_FAILED -> onFailed(
                    event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs, event.retryable, event.text);
                case SchedulerEvent.PAUSE -> onPause(event.text);
                case SchedulerEvent.RESUME -> onResume(event.text);
                case SchedulerEvent.CANCEL -> onCancel(event.dagId, event.jobIndex);
                case SchedulerEvent.DAG_PAUSE -> onDagPause(event.dagId, true);
                case SchedulerEvent.DAG_RESUME -> onDagPause(event.dagId, false);
                case SchedulerEvent.ADOPT -> onAdopt((AdoptedDag)event.ref);
                case SchedulerEvent.REFERENCES -> onReferences(event.ref);
                default -> LOG.warn("ignoring ring event of unknown type {}", event.type);
            }
        }
        finally
        {
            event.clearReferences();
        }
        if (endOfBatch)
        {
            endOfBatch();
        }
    }

    /** The ring has been idle for a housekeeping interval: fire due timers and flush. */
    @Override
    public void onTimeout(final long sequence)
    {
        if (active)
        {
            endOfBatch();
        }
    }

    private void refuseWhileInactive(final SchedulerEvent event)
    {
        if (event.type == SchedulerEvent.SUBMIT && event.callback != null)
        {
            event.callback.onFailed(event.dagId, "this node does not own the scheduler right now; retry");
        }
        else if (event.type == SchedulerEvent.JOB_STARTED || event.type == SchedulerEvent.JOB_SUCCEEDED
            || event.type == SchedulerEvent.JOB_FAILED)
        {
            SchedulerCounters.increment(counters.staleCallbacks);
        }
        event.clearReferences();
    }

    // ------------------------------------------------------------------ events

    void onSubmit(final long dagId, final DagPlan plan, final SubmissionCallback callback, final long nowEpochMs, final long nowNs)
    {
        final String referenceKey = plan.referenceKey();
        if (referenceKey != null)
        {
            final Long existing = dagsByReference.get(referenceKey);
            if (existing != null)
            {
                switch (plan.duplicatePolicy())
                {
                    case REJECT -> {
                        duplicates.add(() -> callback.onDuplicate(dagId, existing));
                        return;
                    }
                    case REPLACE -> onCancel(existing, -1);
                    case ALLOW -> {
                        // both run
                    }
                }
            }
            dagsByReference.put(referenceKey, dagId);
        }
        final int n = plan.jobCount();
        final ClassQueue[] jobQueues = new ClassQueue[n];
        for (int i = 0; i < n; i++)
        {
            jobQueues[i] = queue(plan.executorClass(i));
        }
        final DagRun run = new DagRun(dagId, plan, jobQueues, nowEpochMs, nowNs);
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
        addAck(callback, dagId);
    }

    void onExecutorRegistered(final ExecutorDescriptor descriptor)
    {
        final ExecutorInstance previous = executors.get(descriptor.instanceId());
        if (previous != null)
        {
            // Same id again: the instance restarted or lost its link. What it held cannot be trusted to finish.
            // Its link is not forgotten: the transport has already replaced it with the new registration's.
            loseExecutor(previous, "re-registered", false);
        }
        final int classCount = descriptor.slotsByClass().size();
        final ClassQueue[] classQueues = new ClassQueue[classCount];
        final int[] totals = new int[classCount];
        int i = 0;
        for (final Map.Entry<String, Integer> entry : descriptor.slotsByClass().entrySet())
        {
            classQueues[i] = queue(entry.getKey());
            totals[i] = entry.getValue();
            i++;
        }
        final ExecutorInstance instance = new ExecutorInstance(descriptor, classQueues, totals, epochClock.time());
        executors.put(descriptor.instanceId(), instance);
        executorsView.put(descriptor.instanceId(), instance);
        for (final ExecutorSlots slots : instance.slots)
        {
            slots.queue.addSlots(slots);
            schedulePlan(slots.queue);
        }
        backAdoptedLeases(instance);
        LOG.info("executor {} registered with slots {}", descriptor.instanceId(), descriptor.slotsByClass());
    }

    /** Leases taken over from an earlier owner, held by this newly registered instance, now occupy its slots. */
    private void backAdoptedLeases(final ExecutorInstance instance)
    {
        if (counters.leasesAdopted() == 0)
        {
            return; // nothing was ever taken over: skip the scan
        }
        final long instanceId = instance.instanceId();
        for (final DagRun run : activeDags.values())
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.slotless[job] && run.executorIds[job] == instanceId && run.jobState(job).holdsLease())
                {
                    final ExecutorSlots slots = instance.slotsFor(run.queues[job]);
                    if (slots != null)
                    {
                        run.slotless[job] = false;
                        run.queues[job].occupy(slots);
                    }
                }
            }
        }
    }

    void onHeartbeat(final long instanceId)
    {
        final ExecutorInstance instance = executors.get(instanceId);
        if (instance != null)
        {
            instance.heartbeat(epochClock.time());
            if (instance.heartbeatsSinceRegistration < 2 && ++instance.heartbeatsSinceRegistration == 2
                && counters.leasesAdopted() > 0)
            {
                dropUnreportedAdoptedLeases(instance);
            }
        }
    }

    /**
     * An executor's first heartbeat after it registered lists every lease it holds. A lease taken over from an
     * earlier owner that it did not list is not running there (its dispatch or its callback was lost with the old
     * owner): the job retries now rather than after a whole lease timeout.
     */
    private void dropUnreportedAdoptedLeases(final ExecutorInstance instance)
    {
        final long instanceId = instance.instanceId();
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

    void onLeaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        final DagRun run = activeDags.get(dagId);
        if (run != null && jobIndex >= 0 && jobIndex < run.plan.jobCount() && run.jobState(jobIndex).holdsLease()
            && run.fencingTokens[jobIndex] == token && run.executorIds[jobIndex] == instanceId)
        {
            run.leaseExpiresAtEpochMs[jobIndex] = epochClock.time() + leaseTimeoutMs;
            run.awaitingReport[jobIndex] = false;
        }
    }

    void onStarted(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
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
        setState(run, jobIndex, JobState.RUNNING);
        run.startedAtEpochMs[jobIndex] = atEpochMs;
        run.leaseExpiresAtEpochMs[jobIndex] = epochClock.time() + leaseTimeoutMs;
    }

    void onSucceeded(
        final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs, final byte[] result)
    {
        final DagRun run = currentLease(instanceId, dagId, jobIndex, token);
        if (run == null)
        {
            return; // a stale attempt's result is not this job's result
        }
        keepResult(run, jobIndex, result);
        // A success that raced a cancel request still counts: the work is done.
        endAttempt(run, jobIndex);
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
        completeDagIfDone(run);
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

    void onFailed(
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
        endAttempt(run, jobIndex);
        if (!run.cancelRequested[jobIndex])
        {
            run.error(jobIndex, error); // a cancelled job keeps the reason it was cancelled, not the executor's echo
        }
        attemptEnded(run, jobIndex, retryable, atEpochMs);
    }

    void onPause(final String executorClass)
    {
        if (executorClass == null)
        {
            schedulerPaused = true;
        }
        else
        {
            queue(executorClass).paused = true;
        }
        pauseView.paused(executorClass);
        LOG.info("dispatching paused for {}", executorClass == null ? "the whole scheduler" : "class " + executorClass);
    }

    void onResume(final String executorClass)
    {
        if (executorClass == null)
        {
            schedulerPaused = false;
            for (final ClassQueue queue : queues)
            {
                schedulePlan(queue);
            }
        }
        else
        {
            final ClassQueue queue = queue(executorClass);
            queue.paused = false;
            schedulePlan(queue);
        }
        pauseView.resumed(executorClass);
        LOG.info("dispatching resumed for {}", executorClass == null ? "the whole scheduler" : "class " + executorClass);
    }

    /** Cancels one job (and what depends on it), or the whole DAG when {@code jobIndex} is negative. */
    void onCancel(final long dagId, final int jobIndex)
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
        completeDagIfDone(run);
    }

    /**
     * Takes over a DAG from the grid after an earlier owner stopped: ready work goes back to the frontiers ranked
     * as of when it became ready, waiting work waits for the parents still unfinished, a retry waiting for its
     * backoff is due at once, and a held lease is kept for its executor to report (or to expire and retry).
     */
    void onAdopt(final AdoptedDag adopted)
    {
        if (activeDags.containsKey(adopted.dagId()) || adopted.state().isTerminal())
        {
            return;
        }
        final DagPlan plan = adopted.plan();
        final int n = plan.jobCount();
        final ClassQueue[] jobQueues = new ClassQueue[n];
        for (int i = 0; i < n; i++)
        {
            jobQueues[i] = queue(plan.executorClass(i));
        }
        final long nowMs = epochClock.time();
        final long submittedAtNs = nanoClock.nanoTime() - Math.max(0, nowMs - adopted.submittedAtEpochMs()) * 1_000_000L;
        final DagRun run = new DagRun(adopted.dagId(), plan, jobQueues, adopted.submittedAtEpochMs(), submittedAtNs);
        activeDags.put(run.dagId, run);
        if (plan.referenceKey() != null)
        {
            dagsByReference.putIfAbsent(plan.referenceKey(), run.dagId);
        }
        run.cancelled = adopted.cancelled();
        if (adopted.state() == DagState.PAUSED)
        {
            run.paused = true;
            run.stateBeforePause = anyAttempted(adopted) ? DagState.RUNNING : DagState.PENDING;
        }
        run.restoreState(adopted.state());
        for (int job = 0; job < n; job++)
        {
            final JobState state = adopted.jobStates()[job];
            run.restoreJobState(job, state);
            run.attempts[job] = adopted.attempts()[job];
            run.fencingTokens[job] = adopted.fencingTokens()[job];
            run.executorIds[job] = adopted.executorIds()[job];
            run.readyAtEpochMs[job] = adopted.readyAtEpochMs()[job];
            run.dispatchedAtEpochMs[job] = adopted.dispatchedAtEpochMs()[job];
            run.startedAtEpochMs[job] = adopted.startedAtEpochMs()[job];
            run.finishedAtEpochMs[job] = adopted.finishedAtEpochMs()[job];
            if (adopted.errors() != null && adopted.errors()[job] != null)
            {
                run.error(job, adopted.errors()[job]);
            }
            run.cancelRequested[job] = adopted.cancelRequested() != null && adopted.cancelRequested()[job] && state.holdsLease();
            if (state.isTerminal())
            {
                run.unfinishedJobs--;
                if (state == JobState.FAILED || state == JobState.SKIPPED || state == JobState.EXPIRED
                    || (state == JobState.CANCELLED && !run.cancelled))
                {
                    run.failedJobs++;
                }
                for (final int child : plan.children(job))
                {
                    if (state == JobState.SUCCEEDED)
                    {
                        run.remainingParents[child]--;
                    }
                }
            }
        }
        for (int job = 0; job < n; job++)
        {
            final JobState state = run.jobState(job);
            if (!state.isTerminal() && plan.hardDeadlineMs(job) > 0)
            {
                timers.schedule(run.submittedAtEpochMs + plan.hardDeadlineMs(job), TimerQueue.HARD_DEADLINE, run, job, 0);
            }
            switch (state)
            {
                case READY -> {
                    run.readyAtNs[job] = nanoClock.nanoTime();
                    final ClassQueue queue = run.queues[job];
                    final long readyAtMs = run.readyAtEpochMs[job] > 0 ? run.readyAtEpochMs[job] : nowMs;
                    queue.frontier.push(run, job, ranking.rank(run, job, queue, readyAtMs), ++readySequence);
                    schedulePlan(queue);
                }
                case RETRY_WAIT -> timers.schedule(nowMs, TimerQueue.RETRY_DUE, run, job, run.fencingTokens[job]);
                case LEASED, RUNNING -> {
                    adoptLease(run, job, nowMs);
                    if (run.cancelRequested[job])
                    {
                        // Asked to stop before the old owner died: ask again; it ends CANCELLED however its lease ends.
                        sender.sendCancel(run.executorIds[job], run.dagId, job, run.fencingTokens[job]);
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
            for (int job = 0; job < n; job++)
            {
                cancelJob(run, job, "DAG cancelled", nowMs);
            }
        }
        completeDagIfDone(run);
    }

    @SuppressWarnings("unchecked")
    void onReferences(final Object keysToDagIds)
    {
        ((Map<String, Long>)keysToDagIds).forEach(dagsByReference::putIfAbsent);
    }

    /** A DAG is RUNNING from its first lease on, even one whose dispatch was pushed back and not counted as an attempt. */
    private static boolean anyAttempted(final AdoptedDag adopted)
    {
        for (int job = 0; job < adopted.attempts().length; job++)
        {
            if (adopted.attempts()[job] > 0 || adopted.dispatchedAtEpochMs()[job] > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Keeps a lease issued by an earlier owner: its executor has one lease timeout to report it here. */
    private void adoptLease(final DagRun run, final int job, final long nowMs)
    {
        final long token = run.fencingTokens[job];
        run.leaseExpiresAtEpochMs[job] = nowMs + leaseTimeoutMs;
        run.awaitingReport[job] = true;
        timers.schedule(nowMs + leaseTimeoutMs, TimerQueue.LEASE_CHECK, run, job, token);
        if (run.plan.runTimeoutMs(job) > 0)
        {
            final long since = run.dispatchedAtEpochMs[job] > 0 ? run.dispatchedAtEpochMs[job] : nowMs;
            timers.schedule(since + run.plan.runTimeoutMs(job), TimerQueue.RUN_TIMEOUT, run, job, token);
        }
        final ExecutorInstance instance = executors.get(run.executorIds[job]);
        final ExecutorSlots slots = instance == null ? null : instance.slotsFor(run.queues[job]);
        if (slots != null)
        {
            run.queues[job].occupy(slots);
        }
        else
        {
            run.slotless[job] = true;
        }
        SchedulerCounters.increment(counters.leasesAdopted);
    }

    /** Pauses or resumes one DAG; its running jobs finish either way. */
    void onDagPause(final long dagId, final boolean pause)
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
        }
        else
        {
            run.state(run.stateBeforePause);
            run.unpark();
            for (final ClassQueue queue : run.queues)
            {
                schedulePlan(queue);
            }
        }
        batch.dagChanged(run);
    }

    // ------------------------------------------------------------------ end of batch

    private void endOfBatch()
    {
        final long nowMs = epochClock.time();
        if (nowMs - lastHousekeepingMs >= housekeepingIntervalMs)
        {
            lastHousekeepingMs = nowMs;
            housekeeping(nowMs);
        }
        for (int i = 0; i < planCount; i++)
        {
            final ClassQueue queue = planList[i];
            planList[i] = null;
            queue.planPending = false;
            if (!schedulerPaused && !queue.paused)
            {
                planner.plan(queue, this);
            }
        }
        planCount = 0;

        if (!batch.isEmpty())
        {
            writeJournal();
            if (!active)
            {
                return; // fenced off
            }
        }
        sendDispatches();
        for (int i = 0; i < ackCount; i++)
        {
            acks[i].onAccepted(ackDagIds[i]);
            acks[i] = null;
        }
        ackCount = 0;
        if (!duplicates.isEmpty())
        {
            duplicates.forEach(Runnable::run);
            duplicates.clear();
        }
    }

    /** The grid is the source of truth: if it cannot take the batch, the core waits rather than act on air. */
    private void writeJournal()
    {
        final long startNs = nanoClock.nanoTime();
        while (true)
        {
            try
            {
                journal.write(batch);
                break;
            }
            catch (final OwnershipLostException ex)
            {
                fence(ex);
                return;
            }
            catch (final RuntimeException ex)
            {
                if (revoked)
                {
                    fence(new OwnershipLostException("ownership revoked while the grid refused the batch: " + ex.getMessage()));
                    return;
                }
                SchedulerCounters.increment(counters.journalFailures);
                LOG.error("journal write failed; retrying in {} ms", JOURNAL_RETRY_BACKOFF_MS, ex);
                try
                {
                    Thread.sleep(JOURNAL_RETRY_BACKOFF_MS);
                }
                catch (final InterruptedException ie)
                {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
        batch.clear();
        SchedulerCounters.increment(counters.journalBatches);
        timings.journalWrite.recordValue(nanoClock.nanoTime() - startNs);
    }

    /**
     * A newer owner holds some of this batch's DAGs. Whatever the batch decided stays inside: no dispatch leaves and
     * no submission is acknowledged (a DAG of it that the grid did take is found and run by the new owner).
     */
    private void fence(final OwnershipLostException ex)
    {
        active = false;
        LOG.warn("fenced off by a newer owner: {}; dropping {} dispatch(es) and {} acknowledgement(s)",
            ex.getMessage(), dispatchCount, ackCount);
        SchedulerCounters.increment(counters.fencedBatches);
        SchedulerCounters.add(counters.fencedDispatches, dispatchCount);
        java.util.Arrays.fill(dispatchRuns, 0, dispatchCount, null);
        java.util.Arrays.fill(dispatchSlots, 0, dispatchCount, null);
        dispatchCount = 0;
        for (int i = 0; i < ackCount; i++)
        {
            acks[i].onFailed(ackDagIds[i], "this node no longer owns the scheduler; retry");
            acks[i] = null;
        }
        ackCount = 0;
        duplicates.forEach(Runnable::run); // a key seen before is still seen before
        duplicates.clear();
        batch.clear();
        onFenced.run();
    }

    /**
     * Starts a new ownership term ({@code ownerEpoch} > 0) or ends the current one (0). Either way what the core
     * held is dropped: a new term rebuilds it from the grid through adoptions, which sees everything the previous
     * term made durable, and nothing the previous term held only in memory had left the node.
     */
    /** Called from any thread, before a step-down or new takeover is published to the ring. */
    public void revoke()
    {
        revoked = true;
    }

    private void onOwnershipChange(final long ownerEpoch)
    {
        revoked = false;
        for (int i = 0; i < ackCount; i++)
        {
            acks[i].onFailed(ackDagIds[i], "scheduler ownership moved; retry");
            acks[i] = null;
        }
        ackCount = 0;
        duplicates.clear();
        batch.clear();
        java.util.Arrays.fill(dispatchRuns, 0, dispatchCount, null);
        java.util.Arrays.fill(dispatchSlots, 0, dispatchCount, null);
        dispatchCount = 0;
        java.util.Arrays.fill(planList, 0, planCount, null);
        planCount = 0;
        activeDags.clear();
        executors.clear();
        executorsView.clear();
        queuesByClass.clear();
        queues.clear();
        timers = new TimerQueue();
        dagsByReference.clear();
        schedulerPaused = false;
        pauseView.clear();
        active = ownerEpoch > 0;
        if (active)
        {
            nextFencingToken = ownerEpoch << SchedulerContext.TOKEN_COUNTER_BITS;
            LOG.info("took over the scheduler under owner epoch {}", ownerEpoch);
        }
        else
        {
            LOG.info("stepped down: this node no longer owns the scheduler");
        }
    }

    private void sendDispatches()
    {
        final int count = dispatchCount;
        dispatchCount = 0;
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
            final long nowNs = nanoClock.nanoTime();
            if (sent)
            {
                run.dispatchedAtNs[job] = nowNs;
                SchedulerCounters.increment(counters.jobsDispatched);
                timings.readyToDispatch.recordValue(nowNs - run.readyAtNs[job]);
                if (run.attempts[job] == 1)
                {
                    timings.submitToDispatch.recordValue(nowNs - run.submittedAtNs);
                }
            }
            else
            {
                // Back-pressure: the work goes back to the frontier under a new lease later; nothing is dropped.
                SchedulerCounters.increment(counters.dispatchBackPressure);
                endAttempt(run, job);
                run.attempts[job]--;
                final long nowMs = epochClock.time();
                makeReady(run, job, nowMs);
                if (hardDeadlinePassed(run, job, nowMs))
                {
                    // Its deadline timer fired while it was leased; give it one more look at the next tick.
                    timers.remove(run, job, TimerQueue.HARD_DEADLINE);
                    timers.schedule(nowMs, TimerQueue.HARD_DEADLINE, run, job, 0);
                }
            }
        }
    }

    private void housekeeping(final long nowMs)
    {
        if (!executors.isEmpty())
        {
            ExecutorInstance[] lost = null;
            int lostCount = 0;
            for (final ExecutorInstance instance : executors.values())
            {
                if (nowMs - instance.lastHeartbeatEpochMs() > heartbeatTimeoutMs)
                {
                    lost = lost == null ? new ExecutorInstance[4] : lost.length == lostCount ? Arrays.copyOf(lost, lostCount * 2) : lost;
                    lost[lostCount++] = instance;
                }
            }
            for (int i = 0; i < lostCount; i++)
            {
                loseExecutor(lost[i], "heartbeat timeout", true);
            }
        }
        while (timers.pollDue(nowMs))
        {
            onTimer(timers.polledKind(), timers.polledRun(), timers.polledJob(), timers.polledToken(), nowMs);
        }
    }

    private void onTimer(final byte kind, final DagRun run, final int job, final long token, final long nowMs)
    {
        if (activeDags.get(run.dagId) != run)
        {
            return; // the DAG has finished
        }
        final JobState state = run.jobState(job);
        switch (kind)
        {
            case TimerQueue.RETRY_DUE -> {
                if (state == JobState.RETRY_WAIT && run.fencingTokens[job] == token)
                {
                    makeReady(run, job, nowMs);
                }
            }
            case TimerQueue.LEASE_CHECK -> {
                if (state.holdsLease() && run.fencingTokens[job] == token)
                {
                    if (run.leaseExpiresAtEpochMs[job] > nowMs)
                    {
                        timers.schedule(run.leaseExpiresAtEpochMs[job], TimerQueue.LEASE_CHECK, run, job, token);
                    }
                    else
                    {
                        SchedulerCounters.increment(counters.leasesExpired);
                        revokeLease(run, job, "lease expired without renewal", nowMs);
                    }
                }
            }
            case TimerQueue.RUN_TIMEOUT -> {
                if (state.holdsLease() && run.fencingTokens[job] == token)
                {
                    SchedulerCounters.increment(counters.runTimeouts);
                    revokeLease(run, job, "run timeout of " + run.plan.runTimeoutMs(job) + " ms exceeded", nowMs);
                }
            }
            case TimerQueue.HARD_DEADLINE -> {
                if (state == JobState.WAITING || state == JobState.READY || state == JobState.RETRY_WAIT)
                {
                    run.queues[job].frontier.remove(run, job);
                    expire(run, job, nowMs);
                }
            }
            default -> LOG.warn("unknown timer kind {}", kind);
        }
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
        completeDagIfDone(run);
    }

    /** Ends an attempt from the node's side: tells the executor to stop, frees the slot, and retries or fails. */
    private void revokeLease(final DagRun run, final int job, final String reason, final long nowMs)
    {
        sender.sendCancel(run.executorIds[job], run.dagId, job, run.fencingTokens[job]);
        endAttempt(run, job);
        run.error(job, reason);
        attemptEnded(run, job, true, nowMs);
    }

    // ------------------------------------------------------------------ transitions

    @Override
    public void lease(final DagRun run, final int jobIndex, final ExecutorSlots slots)
    {
        final long nowMs = epochClock.time();
        setState(run, jobIndex, JobState.LEASED);
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

    private void setState(final DagRun run, final int jobIndex, final JobState state)
    {
        run.jobState(jobIndex, state);
        batch.jobChanged(run, jobIndex);
    }

    private void makeReady(final DagRun run, final int jobIndex, final long nowEpochMs)
    {
        setState(run, jobIndex, JobState.READY);
        run.readyAtEpochMs[jobIndex] = nowEpochMs;
        run.readyAtNs[jobIndex] = nanoClock.nanoTime();
        final ClassQueue queue = run.queues[jobIndex];
        queue.frontier.push(run, jobIndex, ranking.rank(run, jobIndex, queue, nowEpochMs), ++readySequence);
        schedulePlan(queue);
    }

    /** Releases the slot of the job's current lease; the lease itself is no longer current. */
    private void endAttempt(final DagRun run, final int jobIndex)
    {
        timers.remove(run, jobIndex, TimerQueue.LEASE_CHECK);
        timers.remove(run, jobIndex, TimerQueue.RUN_TIMEOUT);
        final ClassQueue queue = run.queues[jobIndex];
        final ExecutorInstance instance = run.slotless[jobIndex] ? null : executors.get(run.executorIds[jobIndex]);
        run.slotless[jobIndex] = false;
        if (instance != null)
        {
            final ExecutorSlots slots = instance.slotsFor(queue);
            if (slots != null)
            {
                queue.release(slots);
                schedulePlan(queue);
            }
        }
        if (run.dispatchedAtNs[jobIndex] != 0)
        {
            timings.dispatchToCallback.recordValue(nanoClock.nanoTime() - run.dispatchedAtNs[jobIndex]);
            run.dispatchedAtNs[jobIndex] = 0;
        }
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
            completeDagIfDone(run);
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
            setState(run, jobIndex, JobState.RETRY_WAIT);
            final long nowMs = epochClock.time();
            timers.schedule(nowMs + retry.backoffMs(run.attempts[jobIndex], random.nextDouble()),
                TimerQueue.RETRY_DUE, run, jobIndex, run.fencingTokens[jobIndex]);
            return;
        }
        finish(run, jobIndex, JobState.FAILED, atEpochMs);
        run.failedJobs++;
        SchedulerCounters.increment(counters.jobsFailed);
        closeAfterFailure(run, jobIndex, atEpochMs);
        completeDagIfDone(run);
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
        final JobState state = run.jobState(job);
        switch (state)
        {
            case WAITING, RETRY_WAIT -> {
                run.error(job, reason);
                finishCancelled(run, job, nowMs);
            }
            case READY -> {
                run.queues[job].frontier.remove(run, job);
                run.error(job, reason);
                finishCancelled(run, job, nowMs);
            }
            case LEASED, RUNNING -> {
                if (!run.cancelRequested[job])
                {
                    run.cancelRequested[job] = true;
                    run.error(job, reason);
                    batch.jobChanged(run, job); // durable, so that a new owner does not run on what someone stopped
                    sender.sendCancel(run.executorIds[job], run.dagId, job, run.fencingTokens[job]);
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
        setState(run, jobIndex, terminal);
        run.finishedAtEpochMs[jobIndex] = atEpochMs;
        run.unfinishedJobs--;
        timings.submitToTerminal.recordValue(nanoClock.nanoTime() - run.submittedAtNs);
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

    private void completeDagIfDone(final DagRun run)
    {
        if (run.unfinishedJobs > 0 || run.state().isTerminal())
        {
            return;
        }
        run.state(run.cancelled ? DagState.CANCELLED : run.failedJobs > 0 ? DagState.FAILED : DagState.SUCCEEDED);
        run.dagFinishedAtEpochMs = epochClock.time();
        batch.dagChanged(run);
        activeDags.remove(run.dagId);
        SchedulerCounters.increment(counters.dagsCompleted);
    }

    private void loseExecutor(final ExecutorInstance instance, final String reason, final boolean forgetLink)
    {
        final long instanceId = instance.instanceId();
        LOG.warn("executor {} lost ({}); its leased jobs go back to retry", instanceId, reason);
        SchedulerCounters.increment(counters.executorsLost);
        final long nowMs = epochClock.time();
        // Rare and bounded by the active jobs: scanning beats keeping a per-instance index on the hot path.
        for (final DagRun run : activeDags.values().toArray(new DagRun[0]))
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.jobState(job).holdsLease() && run.executorIds[job] == instanceId)
                {
                    endAttempt(run, job);
                    run.error(job, "executor " + instanceId + " lost: " + reason);
                    attemptEnded(run, job, true, nowMs);
                }
            }
        }
        for (final ExecutorSlots slots : instance.slots)
        {
            slots.queue.removeSlots(slots);
        }
        instance.status("LOST");
        executors.remove(instanceId);
        executorsView.remove(instanceId, instance);
        if (forgetLink)
        {
            sender.forget(instanceId);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The job's run when the callback matches its current lease; otherwise counts the callback as stale. */
    private DagRun currentLease(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        final DagRun run = activeDags.get(dagId);
        if (run == null || jobIndex < 0 || jobIndex >= run.plan.jobCount())
        {
            SchedulerCounters.increment(counters.staleCallbacks);
            return null;
        }
        if (!run.jobState(jobIndex).holdsLease() || run.fencingTokens[jobIndex] != token || run.executorIds[jobIndex] != instanceId)
        {
            SchedulerCounters.increment(counters.staleCallbacks);
            return null;
        }
        run.awaitingReport[jobIndex] = false;
        return run;
    }

    private ClassQueue queue(final String executorClass)
    {
        ClassQueue queue = queuesByClass.get(executorClass);
        if (queue == null)
        {
            queue = new ClassQueue(executorClass, queues.size());
            queuesByClass.put(executorClass, queue);
            queues.add(queue);
        }
        return queue;
    }

    private void schedulePlan(final ClassQueue queue)
    {
        if (!queue.planPending)
        {
            queue.planPending = true;
            if (planCount == planList.length)
            {
                planList = Arrays.copyOf(planList, planCount * 2);
            }
            planList[planCount++] = queue;
        }
    }

    private void addAck(final SubmissionCallback callback, final long dagId)
    {
        if (callback == null)
        {
            return;
        }
        if (ackCount == acks.length)
        {
            acks = Arrays.copyOf(acks, ackCount * 2);
            ackDagIds = Arrays.copyOf(ackDagIds, ackCount * 2);
        }
        acks[ackCount] = callback;
        ackDagIds[ackCount] = dagId;
        ackCount++;
    }

    // ------------------------------------------------------------------ read-only probes for tests

    int pendingTimers()
    {
        return timers.size();
    }

    int activeDagCount()
    {
        return activeDags.size();
    }

    int readyJobs(final String executorClass)
    {
        final ClassQueue queue = queuesByClass.get(executorClass);
        return queue == null ? 0 : queue.frontier.size();
    }

    int usedSlots(final String executorClass)
    {
        final ClassQueue queue = queuesByClass.get(executorClass);
        return queue == null ? 0 : queue.usedSlots();
    }

    int freeSlots(final String executorClass)
    {
        final ClassQueue queue = queuesByClass.get(executorClass);
        return queue == null ? 0 : queue.freeSlots();
    }

    /** Jobs across active DAGs holding a lease in this class: must always equal the slots in use. */
    int liveLeases(final String executorClass)
    {
        int leases = 0;
        for (final DagRun run : activeDags.values())
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.jobState(job).holdsLease() && !run.slotless[job] && run.plan.executorClass(job).equals(executorClass))
                {
                    leases++;
                }
            }
        }
        return leases;
    }
}
