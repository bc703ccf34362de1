package io.weft.scheduler.core;

import com.lmax.disruptor.EventHandler;
import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
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

/**
 * The single writer of all scheduling state on a node. Every change arrives as a ring event; within a batch the
 * core only mutates memory. At the end of the batch it plans the classes that changed, makes the batch durable
 * with one journal write, and only then sends dispatches and acknowledges submissions. That ordering is the
 * whole safety argument: nothing leaves the node that the grid does not already hold.
 */
public final class SchedulerCore implements EventHandler<SchedulerEvent>, DispatchPlanner.LeaseIssuer
{
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCore.class);
    private static final long JOURNAL_RETRY_BACKOFF_MS = 100;

    private final SchedulerJournal journal;
    private final DispatchSender sender;
    private final DispatchPlanner planner;
    private final StageTimings timings;
    private final SchedulerCounters counters;
    private final ExecutorDirectory executorsView;
    private final PauseView pauseView;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final int maxAttempts;
    private final long heartbeatTimeoutMs;
    private final long housekeepingIntervalMs;

    private final Long2ObjectHashMap<DagRun> activeDags = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ExecutorInstance> executors = new Long2ObjectHashMap<>();
    private final Map<String, ClassQueue> queuesByClass = new HashMap<>();
    private final List<ClassQueue> queues = new ArrayList<>();
    private final JournalBatch batch = new JournalBatch();

    private ClassQueue[] planList = new ClassQueue[16];
    private int planCount;
    private DagRun[] dispatchRuns = new DagRun[256];
    private int[] dispatchJobs = new int[256];
    private ExecutorSlots[] dispatchSlots = new ExecutorSlots[256];
    private int dispatchCount;
    private SubmissionCallback[] acks = new SubmissionCallback[64];
    private long[] ackDagIds = new long[64];
    private int ackCount;
    private int[] skipStack = new int[64];

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
        this.pauseView = pauseView;
        this.journal = journal;
        this.sender = sender;
        this.planner = new PriorityDispatchPlanner();
        this.timings = timings;
        this.counters = counters;
        this.executorsView = executorsView;
        this.epochClock = context.epochClock();
        this.nanoClock = context.nanoClock();
        this.maxAttempts = context.maxAttempts();
        this.heartbeatTimeoutMs = context.heartbeatTimeoutMs();
        this.housekeepingIntervalMs = context.housekeepingIntervalMs();
        // Tokens only ever grow on this node, across restarts too, because they start at the wall clock.
        this.nextFencingToken = epochClock.time() << 20;
        this.lastHousekeepingMs = epochClock.time();
    }

    @Override
    public void onEvent(final SchedulerEvent event, final long sequence, final boolean endOfBatch)
    {
        try
        {
            switch (event.type)
            {
                case SchedulerEvent.SUBMIT -> onSubmit(event.dagId, (DagPlan)event.ref, event.callback, event.timeEpochMs, event.timeNs);
                case SchedulerEvent.EXECUTOR_REGISTERED -> onExecutorRegistered((ExecutorDescriptor)event.ref);
                case SchedulerEvent.HEARTBEAT -> onHeartbeat(event.instanceId);
                case SchedulerEvent.JOB_STARTED -> onStarted(event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs);
                case SchedulerEvent.JOB_SUCCEEDED -> onSucceeded(event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs);
                case SchedulerEvent.JOB_FAILED -> onFailed(
                    event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs, event.retryable, event.text);
                case SchedulerEvent.PAUSE -> onPause(event.text);
                case SchedulerEvent.RESUME -> onResume(event.text);
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

    /** The ring has been idle for a housekeeping interval: expire what is due and flush. */
    @Override
    public void onTimeout(final long sequence)
    {
        endOfBatch();
    }

    // ------------------------------------------------------------------ events

    void onSubmit(final long dagId, final DagPlan plan, final SubmissionCallback callback, final long nowEpochMs, final long nowNs)
    {
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
            loseExecutor(previous, "re-registered");
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
        LOG.info("executor {} registered with slots {}", descriptor.instanceId(), descriptor.slotsByClass());
    }

    void onHeartbeat(final long instanceId)
    {
        final ExecutorInstance instance = executors.get(instanceId);
        if (instance != null)
        {
            instance.heartbeat(epochClock.time());
        }
    }

    void onStarted(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        final DagRun run = currentLease(instanceId, dagId, jobIndex, token);
        if (run == null || run.jobState(jobIndex) != JobState.LEASED)
        {
            if (run != null)
            {
                SchedulerCounters.increment(counters.staleCallbacks);
            }
            return;
        }
        run.jobState(jobIndex, JobState.RUNNING);
        run.startedAtEpochMs[jobIndex] = atEpochMs;
        batch.jobChanged(run, jobIndex);
    }

    void onSucceeded(final long instanceId, final long dagId, final int jobIndex, final long token, final long atEpochMs)
    {
        final DagRun run = currentLease(instanceId, dagId, jobIndex, token);
        if (run == null)
        {
            return;
        }
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
        run.error(jobIndex, error);
        retryOrFail(run, jobIndex, retryable, atEpochMs);
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
        }
        sendDispatches();
        for (int i = 0; i < ackCount; i++)
        {
            acks[i].onAccepted(ackDagIds[i]);
            acks[i] = null;
        }
        ackCount = 0;
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
            catch (final RuntimeException ex)
            {
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
            final boolean sent = sender.sendDispatch(
                slots.instance.instanceId(), run.dagId, job, run.attempts[job], run.fencingTokens[job], 0L,
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
                makeReady(run, job, epochClock.time());
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
                loseExecutor(lost[i], "heartbeat timeout");
            }
        }
    }

    // ------------------------------------------------------------------ transitions

    @Override
    public void lease(final DagRun run, final int jobIndex, final ExecutorSlots slots)
    {
        run.jobState(jobIndex, JobState.LEASED);
        run.attempts[jobIndex]++;
        run.fencingTokens[jobIndex] = ++nextFencingToken;
        run.executorIds[jobIndex] = slots.instance.instanceId();
        run.dispatchedAtEpochMs[jobIndex] = epochClock.time();
        batch.jobChanged(run, jobIndex);
        if (run.state == DagState.PENDING)
        {
            run.state = DagState.RUNNING;
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

    private void makeReady(final DagRun run, final int jobIndex, final long nowEpochMs)
    {
        run.jobState(jobIndex, JobState.READY);
        run.readyAtEpochMs[jobIndex] = nowEpochMs;
        run.readyAtNs[jobIndex] = nanoClock.nanoTime();
        batch.jobChanged(run, jobIndex);
        final ClassQueue queue = run.queues[jobIndex];
        queue.frontier.push(run, jobIndex, run.plan.priority(jobIndex), ++readySequence);
        schedulePlan(queue);
    }

    /** Releases the slot of the job's current lease; the lease itself is no longer current. */
    private void endAttempt(final DagRun run, final int jobIndex)
    {
        final ClassQueue queue = run.queues[jobIndex];
        final ExecutorInstance instance = executors.get(run.executorIds[jobIndex]);
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

    private void retryOrFail(final DagRun run, final int jobIndex, final boolean retryable, final long atEpochMs)
    {
        if (retryable && run.attempts[jobIndex] < maxAttempts)
        {
            SchedulerCounters.increment(counters.jobRetries);
            makeReady(run, jobIndex, epochClock.time());
            return;
        }
        finish(run, jobIndex, JobState.FAILED, atEpochMs);
        run.failedJobs++;
        SchedulerCounters.increment(counters.jobsFailed);
        skipDescendants(run, jobIndex, atEpochMs);
        completeDagIfDone(run);
    }

    private void finish(final DagRun run, final int jobIndex, final JobState terminal, final long atEpochMs)
    {
        run.jobState(jobIndex, terminal);
        run.finishedAtEpochMs[jobIndex] = atEpochMs;
        run.unfinishedJobs--;
        batch.jobChanged(run, jobIndex);
        timings.submitToTerminal.recordValue(nanoClock.nanoTime() - run.submittedAtNs);
    }

    /** A job that failed for good takes every job below it with it; they can never become ready. */
    private void skipDescendants(final DagRun run, final int failedJob, final long atEpochMs)
    {
        int top = 0;
        skipStack[top++] = failedJob;
        while (top > 0)
        {
            final int job = skipStack[--top];
            for (final int child : run.plan.children(job))
            {
                if (run.jobState(child) == JobState.WAITING)
                {
                    run.jobState(child, JobState.SKIPPED);
                    run.finishedAtEpochMs[child] = atEpochMs;
                    run.error(child, "skipped: job '" + run.plan.jobId(failedJob) + "' failed");
                    run.unfinishedJobs--;
                    batch.jobChanged(run, child);
                    SchedulerCounters.increment(counters.jobsSkipped);
                    if (top == skipStack.length)
                    {
                        skipStack = Arrays.copyOf(skipStack, top * 2);
                    }
                    skipStack[top++] = child;
                }
            }
        }
    }

    private void completeDagIfDone(final DagRun run)
    {
        if (run.unfinishedJobs > 0)
        {
            return;
        }
        run.state = run.failedJobs > 0 ? DagState.FAILED : DagState.SUCCEEDED;
        run.dagFinishedAtEpochMs = epochClock.time();
        batch.dagChanged(run);
        activeDags.remove(run.dagId);
        SchedulerCounters.increment(counters.dagsCompleted);
    }

    private void loseExecutor(final ExecutorInstance instance, final String reason)
    {
        final long instanceId = instance.instanceId();
        LOG.warn("executor {} lost ({}); its leased jobs go back to the frontier", instanceId, reason);
        SchedulerCounters.increment(counters.executorsLost);
        final long nowMs = epochClock.time();
        // Rare and bounded by the active jobs: scanning beats keeping a per-instance index on the hot path.
        for (final DagRun run : activeDags.values().toArray(new DagRun[0]))
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                final JobState state = run.jobState(job);
                if ((state == JobState.LEASED || state == JobState.RUNNING) && run.executorIds[job] == instanceId)
                {
                    endAttempt(run, job);
                    run.error(job, "executor " + instanceId + " lost: " + reason);
                    retryOrFail(run, job, true, nowMs);
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
        sender.forget(instanceId);
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
        final JobState state = run.jobState(jobIndex);
        if ((state != JobState.LEASED && state != JobState.RUNNING)
            || run.fencingTokens[jobIndex] != token
            || run.executorIds[jobIndex] != instanceId)
        {
            SchedulerCounters.increment(counters.staleCallbacks);
            return null;
        }
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
}
