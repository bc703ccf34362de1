package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyRecorders;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues of the executor classes this node owns: each class's ready frontier in rank order, its slot ledger
 * (kept in {@link ClassQueue}), and whether it or the whole scheduler is paused. It decides nothing about a DAG:
 * the {@link DagOwner} hands it ready jobs and takes them back, and the planner pairs its best jobs with free slots
 * once per batch through the {@link DispatchPlanner.LeaseIssuer}.
 *
 * <p>This is the unit a partitioned cluster gives one owner per class, so that a class's priority order is exact
 * across the cluster; the DAG side reaches it only through the {@link OwnerLink}.
 */
final class ClassOwner
{
    private static final Logger LOG = LoggerFactory.getLogger(ClassOwner.class);

    private final DispatchPlanner planner;
    private final FrontierRanking ranking;
    private final PauseView pauseView;
    private final LatencyRecorders signals;
    private final TimedIssuer timedIssuer;
    private final NanoClock nanoClock;
    private final Map<String, ClassQueue> queuesByClass = new HashMap<>();
    private final List<ClassQueue> queues = new ArrayList<>();
    /** The DAGs with jobs in this side's care, by id: what a resynchronisation goes through. */
    private final Long2ObjectHashMap<ClassRun> runs = new Long2ObjectHashMap<>();
    private ClassDispatcher dispatcher;
    private ClassQueue[] planList = new ClassQueue[16];
    private int planCount;
    private long readySequence;
    private boolean schedulerPaused;

    ClassOwner(
        final DispatchPlanner planner,
        final FrontierRanking ranking,
        final PauseView pauseView,
        final LatencyRecorders signals,
        final NanoClock nanoClock)
    {
        this.planner = planner;
        this.ranking = ranking;
        this.pauseView = pauseView;
        this.signals = signals;
        this.timedIssuer = new TimedIssuer(nanoClock);
        this.nanoClock = nanoClock;
    }

    ClassQueue queue(final String executorClass)
    {
        ClassQueue queue = queuesByClass.get(executorClass);
        if (queue == null)
        {
            queue = new ClassQueue(executorClass, queues.size(), signals.forClass(executorClass));
            queuesByClass.put(executorClass, queue);
            queues.add(queue);
        }
        return queue;
    }

    ClassQueue[] queuesOf(final DagPlan plan)
    {
        final int n = plan.jobCount();
        final ClassQueue[] jobQueues = new ClassQueue[n];
        for (int i = 0; i < n; i++)
        {
            jobQueues[i] = queue(plan.executorClass(i));
        }
        return jobQueues;
    }

    /** A job became ready at {@code readyAtEpochMs}: it joins its class's frontier ranked as of then. */
    void enqueue(final ClassRun run, final int jobIndex, final long readyAtEpochMs)
    {
        if (run.frontierSlots[jobIndex] != ClassRun.NOT_IN_FRONTIER || run.slotLeases[jobIndex] != 0 || run.isParked(jobIndex)
            || run.finished)
        {
            return; // already queued, reserved or leased: a repeated JobReady; or one that outlived its DAG
        }
        track(run);
        run.grantLost[jobIndex] = false; // the request was lost before the DAG side saw it: the job is simply ready
        run.readyAtNs[jobIndex] = nanoClock.nanoTime();
        final ClassQueue queue = run.queues[jobIndex];
        queue.frontier.push(run, jobIndex, ranking.rank(run, jobIndex, queue, readyAtEpochMs), ++readySequence);
        queue.entered(run.readyAtNs[jobIndex]);
        schedulePlan(queue);
    }

    /** The job is no longer ready (cancelled or expired while it waited, or parked in its paused DAG). */
    void withdraw(final ClassRun run, final int jobIndex)
    {
        if (!run.queues[jobIndex].frontier.remove(run, jobIndex))
        {
            run.removeParked(jobIndex);
        }
    }

    /** Indexes the DAG from the first job of it this side takes into its care (queued, or a lease held). */
    void track(final ClassRun run)
    {
        if (!run.indexed)
        {
            run.indexed = true;
            final ClassRun superseded = runs.put(run.dagId, run);
            if (superseded != null && superseded != run)
            {
                // A record made from another node's messages before this node's own DAG side took the DAG: what it
                // held is void (the DAG side says again what is true), and must not keep slots no index can reach.
                superseded.indexed = false;
                retire(superseded);
            }
        }
    }

    /** Drops whatever of the DAG this side still queues, parks, reserves or holds, and ignores what comes later. */
    private void retire(final ClassRun run)
    {
        run.finished = true;
        for (int job = 0, n = run.plan.jobCount(); job < n; job++)
        {
            if (run.frontierSlots[job] != ClassRun.NOT_IN_FRONTIER)
            {
                run.queues[job].frontier.remove(run, job);
            }
            if (run.slotLeases[job] != 0)
            {
                dispatcher.letGo(run, job);
            }
        }
        run.clearParked();
    }

    /** The dispatcher that releases slots, joined once both exist. */
    void dispatcher(final ClassDispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    /**
     * Every job of the DAG is terminal: nothing of it is left to queue or dispatch here. A job still queued got there
     * on a JobReady that overtook its Withdraw, and a slot still held waits for a LeaseEnded that the DAG side has
     * sent: both go now, so nothing of a finished DAG outlives it here, whatever arrives late or is lost.
     */
    void dagFinished(final ClassRun run, final ClassDispatcher dispatcher)
    {
        if (run.finished)
        {
            return;
        }
        retire(run);
        if (run.indexed)
        {
            run.indexed = false;
            runs.remove(run.dagId);
        }
    }

    /** The DAGs this side holds anything of, for a resynchronisation. */
    /** The class side's record of the DAG, if it holds one. */
    ClassRun run(final long dagId)
    {
        return runs.get(dagId);
    }

    Iterable<ClassRun> runs()
    {
        return runs.values();
    }

    /** The DAG was paused: its jobs that reach the head of their frontier are set aside until it resumes. */
    void dagPaused(final ClassRun run, final int version)
    {
        if (version > run.pauseVersion)
        {
            run.pauseVersion = version;
            run.paused = true;
        }
    }

    /** A paused DAG was resumed: its jobs parked at the head of their frontiers go back to their places. */
    void dagResumed(final ClassRun run, final int version)
    {
        if (version <= run.pauseVersion)
        {
            return; // older than the pause or resume this side already applied
        }
        run.pauseVersion = version;
        run.paused = false;
        run.unpark();
        for (final ClassQueue queue : run.queues)
        {
            schedulePlan(queue);
        }
    }

    /** Something changed that may let the class dispatch (a slot freed, work arrived, a pause lifted). */
    void schedulePlan(final ClassQueue queue)
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

    /** Whether nothing of the job's class may be dispatched now (the class or the whole scheduler is paused). */
    boolean dispatchPaused(final ClassQueue queue)
    {
        return schedulerPaused || queue.paused;
    }

    /** Plans every class that changed in this batch and is not paused; each lease goes to {@code issuer}. */
    void planChanged(final DispatchPlanner.LeaseIssuer issuer)
    {
        timedIssuer.issuer = issuer;
        for (int i = 0; i < planCount; i++)
        {
            final ClassQueue queue = planList[i];
            planList[i] = null;
            queue.planPending = false;
            if (!schedulerPaused && !queue.paused)
            {
                timedIssuer.start(queue);
                planner.plan(queue, timedIssuer);
            }
        }
        planCount = 0;
    }

    /**
     * Times each planning decision (the candidate planning signal) around whatever planner is plugged in: from the
     * start of the class's turn, or the end of the previous lease, to the planner's next choice.
     */
    private static final class TimedIssuer implements DispatchPlanner.LeaseIssuer
    {
        private final NanoClock nanoClock;
        DispatchPlanner.LeaseIssuer issuer;
        private ClassQueue queue;
        private long markNs;

        TimedIssuer(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
        }

        void start(final ClassQueue queue)
        {
            this.queue = queue;
            markNs = nanoClock.nanoTime();
            queue.seen(markNs);
        }

        @Override
        public void lease(final ClassRun run, final int jobIndex, final ExecutorSlots slots)
        {
            queue.signals.record(LatencySignal.CANDIDATE_PLANNING, nanoClock.nanoTime() - markNs);
            issuer.lease(run, jobIndex, slots);
            markNs = nanoClock.nanoTime();
        }
    }

    /** Pauses dispatching of one class, or of every class when {@code executorClass} is null; running jobs finish. */
    void pause(final String executorClass)
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

    void resume(final String executorClass)
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

    // ------------------------------------------------------------------ read-only probes for tests

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
