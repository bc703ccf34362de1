package io.weft.scheduler.core;

import com.lmax.disruptor.EventHandler;
import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.OwnerMessage;
import io.weft.scheduler.port.OwnerPeers;
import io.weft.scheduler.port.OwnershipLostException;
import io.weft.scheduler.port.SchedulerJournal;
import io.weft.scheduler.signals.LatencyRecorders;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * The pipeline that drives a node's scheduling roles, as the single writer of all their state: it hands each ring
 * event to the role it concerns, and ends every batch the same way. Within a batch the roles only change memory.
 * At the end the pipeline fires due timers, lets the {@link ClassOwner} plan the classes that changed (each pairing
 * becomes a lease request that the {@link FencedLeaseIssuer} grants), makes the batch durable with one journal
 * write, and only then lets the {@link ClassDispatcher} send cancels and dispatches and answers submitters. That
 * ordering is the whole safety argument: nothing leaves the node that the grid does not already hold.
 *
 * <p>The roles, DAG side: the {@link DagOwner} runs the DAG state machine and the {@link FencedLeaseIssuer} issues,
 * checks and ends leases. Class side: the {@link ClassOwner} holds each class's frontier and slot ledger, the
 * {@link ClassDispatcher} turns its plans into lease requests and sends dispatches and stops, the
 * {@link ExecutorRoster} knows the linked executors, and the {@link ExecutorRelay} takes their traffic in and tells the
 * DAG side what it needs. The two sides speak only through an {@link OwnerLink}, the seam
 * along which a partitioned cluster will put them on different nodes. The {@link AckOutbox} holds answers until
 * they may leave. A term of ownership gets a fresh set of them: a new term rebuilds from the grid, and nothing the
 * last one held only in memory had left the node.
 *
 * <p>When the journal reports that a newer owner holds some of a batch's DAGs, the pipeline is fenced off: nothing
 * of that batch leaves the node and it refuses everything after, until the node drops it.
 */
public final class SchedulerCore implements EventHandler<SchedulerEvent>
{
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCore.class);
    private static final long JOURNAL_RETRY_BACKOFF_MS = 100;

    private final SchedulerContext context;
    private final SchedulerJournal journal;
    private final DispatchSender sender;
    private final DispatchPlanner planner = new PriorityDispatchPlanner();
    private final FrontierRanking ranking;
    private final LatencyRecorders signals;
    private final SchedulerCounters counters;
    private final ExecutorDirectory executorsView;
    private final PauseView pauseView;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final long housekeepingIntervalMs;
    private final JournalBatch batch = new JournalBatch();
    private final AckOutbox outbox = new AckOutbox();
    private final LongConsumer onFenced;
    private final UnaryOperator<OwnerLink> linkDecorator;
    /** Jitter of retry backoffs; one stream for the node's life, so a seeded run replays across terms. */
    private final SplittableRandom random;

    private TimerQueue timers;
    private ClassOwner classes;
    private ExecutorRoster roster;
    private FencedLeaseIssuer leases;
    private ClassDispatcher dispatcher;
    private ExecutorRelay relay;
    /** Messages from other nodes' owners; null on a core that owns everything itself. */
    private OwnerMessageAdapter inbound;
    private final OwnerPeers peers;
    private DagOwner dags;
    private OwnerLink link;

    /** The owner epoch of the current term (0: none). */
    private long termEpoch;
    /** False while this node does not own the scheduler (before a takeover, after stepping down or being fenced). */
    private boolean active;
    /**
     * Set from outside the core when ownership is being taken away, so a journal write stuck retrying against a
     * grid this node can no longer reach gives up instead of holding the core (and the step-down behind it) forever.
     */
    private volatile boolean revoked;
    private long lastHousekeepingMs;
    private long lastSlotExpiryMs;
    private final long leaseTimeoutMs;

    public SchedulerCore(
        final SchedulerContext context,
        final SchedulerJournal journal,
        final DispatchSender sender,
        final LatencyRecorders signals,
        final SchedulerCounters counters,
        final ExecutorDirectory executorsView,
        final PauseView pauseView)
    {
        this(context, journal, sender, signals, counters, executorsView, pauseView, null, UnaryOperator.identity());
    }

    /**
     * A core that shares ownership with other nodes through {@code peers}: it is the DAG side of the DAGs and the class
     * side of the classes that {@code peers} says this node owns, and messages for the other owners go through it.
     */
    public SchedulerCore(
        final SchedulerContext context,
        final SchedulerJournal journal,
        final DispatchSender sender,
        final LatencyRecorders signals,
        final SchedulerCounters counters,
        final ExecutorDirectory executorsView,
        final PauseView pauseView,
        final OwnerPeers peers)
    {
        this(context, journal, sender, signals, counters, executorsView, pauseView, peers, UnaryOperator.identity());
    }

    /** As above, with every message between the core's two sides passed through {@code linkDecorator} (tests). */
    SchedulerCore(
        final SchedulerContext context,
        final SchedulerJournal journal,
        final DispatchSender sender,
        final LatencyRecorders signals,
        final SchedulerCounters counters,
        final ExecutorDirectory executorsView,
        final PauseView pauseView,
        final OwnerPeers peers,
        final UnaryOperator<OwnerLink> linkDecorator)
    {
        this.peers = peers;
        this.context = context;
        this.journal = journal;
        this.sender = sender;
        this.ranking = new SlaFairRanking(context.epochClock().time());
        this.signals = signals;
        this.counters = counters;
        this.executorsView = executorsView;
        this.pauseView = pauseView;
        this.linkDecorator = linkDecorator;
        this.epochClock = context.epochClock();
        this.nanoClock = context.nanoClock();
        this.housekeepingIntervalMs = context.housekeepingIntervalMs();
        this.leaseTimeoutMs = context.leaseTimeoutMs();
        this.onFenced = context.onFenced();
        this.random = new SplittableRandom(context.randomSeed());
        this.lastHousekeepingMs = epochClock.time();
        startTerm(context.ownerEpoch());
    }

    /** A fresh set of roles for ownership term {@code ownerEpoch} (0: no term; the node does not own the scheduler). */
    private void startTerm(final long ownerEpoch)
    {
        executorsView.clear();
        pauseView.clear();
        timers = new TimerQueue();
        classes = new ClassOwner(planner, ranking, pauseView, signals, nanoClock);
        roster = new ExecutorRoster(classes, executorsView, sender, counters, context.heartbeatTimeoutMs());
        dispatcher = new ClassDispatcher(roster, classes, sender, counters, context);
        classes.dispatcher(dispatcher);
        final LocalOwnerLink local = new LocalOwnerLink();
        final RoutingOwnerLink routing = peers == null ? null : new RoutingOwnerLink(local, peers, ownerEpoch);
        link = linkDecorator.apply(routing == null ? local : routing);
        dags = new DagOwner(classes, link, timers, batch, outbox, counters, signals, random, context);
        leases = new FencedLeaseIssuer(ownerEpoch, timers, batch, counters, context, link);
        dags.leases(leases);
        dispatcher.link(link);
        relay = new ExecutorRelay(roster, dispatcher, link);
        local.connect(classes, dispatcher, dags, leases);
        inbound = routing == null ? null : new OwnerMessageAdapter(classes, dispatcher, dags, leases, routing, counters, nanoClock);
        if (routing != null)
        {
            routing.adapter(inbound);
            routing.sides(dags, classes);
        }
        termEpoch = ownerEpoch;
        active = ownerEpoch > 0;
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
                case SchedulerEvent.SUBMIT -> dags.submit(event.dagId, (DagPlan)event.ref, event.callback, event.timeEpochMs, event.timeNs);
                case SchedulerEvent.EXECUTOR_REGISTERED -> relay.registered((ExecutorDescriptor)event.ref, epochClock.time());
                case SchedulerEvent.HEARTBEAT -> relay.heartbeat(event.instanceId, epochClock.time());
                case SchedulerEvent.LEASE_RENEWED -> relay.renewed(event.instanceId, event.dagId, event.jobIndex, event.fencingToken);
                case SchedulerEvent.JOB_STARTED -> relay.started(event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs);
                case SchedulerEvent.JOB_SUCCEEDED -> relay.succeeded(
                    event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs, (byte[])event.ref);
                case SchedulerEvent.JOB_FAILED -> relay.failed(
                    event.instanceId, event.dagId, event.jobIndex, event.fencingToken, event.timeEpochMs, event.retryable, event.text);
                case SchedulerEvent.PAUSE -> classes.pause(event.text);
                case SchedulerEvent.RESUME -> classes.resume(event.text);
                case SchedulerEvent.CANCEL -> dags.cancel(event.dagId, event.jobIndex);
                case SchedulerEvent.DRAIN -> roster.drain(event.instanceId, true);
                case SchedulerEvent.UNDRAIN -> roster.drain(event.instanceId, false);
                case SchedulerEvent.DAG_PAUSE -> dags.pause(event.dagId, true);
                case SchedulerEvent.DAG_RESUME -> dags.pause(event.dagId, false);
                case SchedulerEvent.ADOPT -> dags.adopt((AdoptedDag)event.ref);
                case SchedulerEvent.REFERENCES -> dags.restoreReferences(event.ref);
                case SchedulerEvent.OWNER_MESSAGE -> inbound.deliver((OwnerMessage)event.ref);
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

    // ------------------------------------------------------------------ end of batch

    private void endOfBatch()
    {
        final long nowMs = epochClock.time();
        if (nowMs - lastHousekeepingMs >= housekeepingIntervalMs)
        {
            lastHousekeepingMs = nowMs;
            housekeeping(nowMs);
        }
        // Plan until the two sides have nothing left to say to each other: the answers to this batch's lease
        // requests (grants, denials that free a slot to plan again) belong in this batch's journal write.
        settle();
        do
        {
            classes.planChanged(dispatcher);
        }
        while (settle());
        if (!batch.isEmpty())
        {
            writeJournal();
            if (!active)
            {
                return; // fenced off
            }
        }
        link.afterDurable();
        dispatcher.sendPending();
        settle(); // refused dispatches: their jobs are ready again, journaled and planned in the next batch
        outbox.flush();
    }

    /**
     * Delivers what the link between the two sides holds until it is quiet, resynchronising them if it lost
     * messages; answers whether anything was delivered. The local link holds nothing: one call, no work.
     */
    private boolean settle()
    {
        boolean delivered = false;
        while (true)
        {
            boolean any = link.flush();
            if (link.lostMessages())
            {
                dispatcher.resync(link::lostWith);
                dags.resync();
                any = true;
            }
            if (!any)
            {
                return delivered;
            }
            delivered = true;
        }
    }

    private void housekeeping(final long nowMs)
    {
        relay.loseSilent(nowMs);
        if (nowMs - lastSlotExpiryMs >= leaseTimeoutMs / 2)
        {
            lastSlotExpiryMs = nowMs;
            dispatcher.expireUnconfirmed(nowMs - 2 * leaseTimeoutMs, nowMs - leaseTimeoutMs);
        }
        while (timers.pollDue(nowMs))
        {
            onTimer(timers.polledKind(), timers.polledRun(), timers.polledJob(), timers.polledToken(), nowMs);
        }
        dags.expireFinished(nowMs);
    }

    private void onTimer(final byte kind, final DagRun run, final int job, final long token, final long nowMs)
    {
        if (!dags.isActive(run))
        {
            return; // the DAG has finished
        }
        switch (kind)
        {
            case TimerQueue.RETRY_DUE -> dags.retryDue(run, job, token, nowMs);
            case TimerQueue.LEASE_CHECK -> {
                if (leases.lapsed(run, job, token, nowMs))
                {
                    SchedulerCounters.increment(counters.leasesExpired);
                    dags.revokeLease(run, job, "lease expired without renewal", nowMs);
                }
            }
            case TimerQueue.RUN_TIMEOUT -> {
                if (FencedLeaseIssuer.holds(run, job, token))
                {
                    SchedulerCounters.increment(counters.runTimeouts);
                    dags.revokeLease(run, job, "run timeout of " + run.plan.runTimeoutMs(job) + " ms exceeded", nowMs);
                }
            }
            case TimerQueue.HARD_DEADLINE -> dags.hardDeadline(run, job, nowMs);
            default -> LOG.warn("unknown timer kind {}", kind);
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
        signals.record(LatencySignal.JOURNAL_WRITE, nanoClock.nanoTime() - startNs);
    }

    /**
     * A newer owner holds some of this batch's DAGs. Whatever the batch decided stays inside: no dispatch leaves and
     * no submission is acknowledged (a DAG of it that the grid did take is found and run by the new owner).
     */
    private void fence(final OwnershipLostException ex)
    {
        active = false;
        LOG.warn("fenced off by a newer owner: {}; dropping {} dispatch(es), {} cancel(s) and {} acknowledgement(s)",
            ex.getMessage(), dispatcher.pendingDispatches(), dispatcher.pendingCancels(), outbox.pendingAcceptances());
        SchedulerCounters.increment(counters.fencedBatches);
        SchedulerCounters.add(counters.fencedDispatches, dispatcher.pendingDispatches());
        dispatcher.dropPending();
        link.dropPending();
        outbox.failAll("this node no longer owns the scheduler; retry");
        batch.clear();
        onFenced.accept(termEpoch);
    }

    /** Called from any thread, before a step-down or new takeover is published to the ring. */
    public void revoke()
    {
        revoked = true;
    }

    /**
     * Starts a new ownership term ({@code ownerEpoch} > 0) or ends the current one (0). Either way what the core
     * held is dropped: a new term rebuilds it from the grid through adoptions, which sees everything the previous
     * term made durable, and nothing the previous term held only in memory had left the node.
     */
    private void onOwnershipChange(final long ownerEpoch)
    {
        revoked = false;
        outbox.failAll("scheduler ownership moved; retry");
        batch.clear();
        dispatcher.dropPending();
        startTerm(ownerEpoch);
        if (active)
        {
            LOG.info("took over the scheduler under owner epoch {}", ownerEpoch);
        }
        else
        {
            LOG.info("stepped down: this node no longer owns the scheduler");
        }
    }

    // ------------------------------------------------------------------ read-only probes for tests

    /** Whether the core holds changes its journal has not written yet (answers that came after the last write). */
    boolean journalBehind()
    {
        return !batch.isEmpty();
    }

    /** What holds a slot on the class side: "dagId/job=lease" (a negative lease is a request waiting for its answer). */
    java.util.List<String> heldSlots()
    {
        final java.util.List<String> held = new java.util.ArrayList<>();
        for (final ClassRun run : classes.runs())
        {
            for (int job = 0; job < run.slotLeases.length; job++)
            {
                if (run.slotLeases[job] != 0)
                {
                    held.add(run.dagId + "/" + job + "=" + run.slotLeases[job] + (run.dagSide == null ? " (owner node " + run.dagOwnerNode
                        + ", epoch " + run.dagOwnerEpoch + ")" : " (local)") + (run.finished ? " finished" : ""));
                }
            }
        }
        return held;
    }

    /** Slots of the class on linked instances that some class-side record of a DAG holds (tests compare it with usedSlots). */
    int slotsHeldByRuns(final String executorClass)
    {
        int held = 0;
        for (final ClassRun run : classes.runs())
        {
            for (int job = 0; job < run.slotLeases.length; job++)
            {
                final ExecutorSlots slots = run.heldSlots[job];
                if (run.slotLeases[job] != 0 && slots != null && slots.queue.executorClass().equals(executorClass)
                    && roster.get(slots.instance.instanceId()) == slots.instance)
                {
                    held++;
                }
            }
        }
        return held;
    }

    /** Both sides' view of a DAG, for a failing test's message. */
    String describe(final long dagId)
    {
        final DagRun dag = dags.run(dagId);
        final ClassRun run = classes.run(dagId);
        final StringBuilder text = new StringBuilder("term ").append(termEpoch).append(active ? "" : " (inactive)");
        text.append(", DAG side: ").append(dag == null ? "none" : dag.state() + " jobs " + java.util.Arrays.toString(
            java.util.stream.IntStream.range(0, dag.plan.jobCount()).mapToObj(j -> dag.jobState(j) + "@" + dag.fencingTokens[j]).toArray()));
        text.append(", class side: ");
        if (run == null)
        {
            return text.append("none").toString();
        }
        text.append(run.finished ? "finished " : "").append(run.paused ? "paused " : "").append("owner ").append(run.dagOwnerNode)
            .append('@').append(run.dagOwnerEpoch).append(" frontier ").append(java.util.Arrays.toString(run.frontierSlots))
            .append(" slots ").append(java.util.Arrays.toString(run.slotLeases)).append(" ended ").append(java.util.Arrays.toString(run.endedTokens));
        return text.toString();
    }

    /** DAGs the class side holds a record of (from the first JobReady to DagFinished). */
    int classRuns()
    {
        int count = 0;
        for (final ClassRun ignored : classes.runs())
        {
            count++;
        }
        return count;
    }

    int pendingTimers()
    {
        return timers.size();
    }

    int activeDagCount()
    {
        return dags.activeDagCount();
    }

    int referenceKeys()
    {
        return dags.referenceKeys();
    }

    int readyJobs(final String executorClass)
    {
        return classes.readyJobs(executorClass);
    }

    /** Slots in use of the class on every linked instance, drained ones (outside the class's ledger) included. */
    int usedSlots(final String executorClass)
    {
        return roster.usedSlots(executorClass);
    }

    int freeSlots(final String executorClass)
    {
        return classes.freeSlots(executorClass);
    }

    int liveLeases(final String executorClass)
    {
        // Both sides at once: leases the DAG side holds that the class side backs with a slot.
        int leases = 0;
        for (final DagRun run : dags.activeRuns())
        {
            for (int job = 0, n = run.plan.jobCount(); job < n; job++)
            {
                if (run.jobState(job).holdsLease() && !run.classSide.slotless[job] && run.plan.executorClass(job).equals(executorClass))
                {
                    leases++;
                }
            }
        }
        return leases;
    }
}
