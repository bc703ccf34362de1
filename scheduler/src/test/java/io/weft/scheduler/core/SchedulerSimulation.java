package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.DuplicatePolicy;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.OwnershipLostException;
import io.weft.scheduler.port.SchedulerJournal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import io.weft.scheduler.api.AdoptedDag;

/**
 * A deterministic simulation of one node's {@link SchedulerCore} with a pool of faulty executors, driven from a seed.
 *
 * <p>Everything runs on the calling thread on a virtual clock: the core's epoch and nano clocks read {@link #now},
 * and every random choice (workload, faults, batching, message latency, and the core's own retry jitter through
 * {@link SchedulerContext#randomSeed}) comes from one {@link SplittableRandom} seeded with the run's seed. The same
 * seed therefore replays the same run, step for step.
 *
 * <p>A <em>step</em> is one ring event handed to {@link SchedulerCore#onEvent} or one idle tick
 * ({@link SchedulerCore#onTimeout}) after the clock moved. Events arrive in batches of random length; only the last
 * of a batch carries {@code endOfBatch}, as the Disruptor does, because that is where the core plans, journals and
 * dispatches. After every step the in-memory invariants are checked; after every end of batch the durable ones
 * (against what the recording journal holds) and the liveness bounds are checked too.
 *
 * <p>The oracle is a mirror of the journal: the job and DAG states exactly as the core made them durable, plus what
 * the simulation itself can know for sure between two journal writes (which callbacks the core accepted, which
 * dispatches met back-pressure). It never reads the core's private state, only the package-private probes
 * {@code usedSlots}, {@code freeSlots}, {@code liveLeases}, {@code readyJobs} and {@code activeDagCount}, and the
 * counters.
 *
 * <p>The world: executors of three classes with few slots (2 to 4 instances at first, more registering later), DAGs of
 * random shapes (chains, fan-out/fan-in, random edges, independent jobs, occasionally 10 to 50 pages at once),
 * priorities, retry policies, soft and hard deadlines, run timeouts, failure policies and reference keys; operators
 * cancelling DAGs and jobs, pausing classes or the whole scheduler, and pausing single DAGs (then resuming them later
 * or at once, pausing them again, cancelling them, or leaving them paused until the drain). Faults, with per-seed
 * intensity: a task succeeds, fails retryably or not, hangs (heartbeats go on, its lease is never renewed), answers
 * late (after its lease expired), answers twice, sends Started twice or after Succeeded, runs longer than a lease
 * while renewing it, ignores a cancel or confirms it with a Failed; an executor crashes (and may restart under the
 * same id), freezes for up to 4 s (a GC pause or partition: it is lost, then its zombie tasks answer and it registers
 * again), or registers again while alive; a callback arrives from the wrong instance; a dispatch meets back-pressure;
 * the owner crashes (between batches, mid-batch, or right after a journal write) and a new core takes over under the
 * next epoch from what the journal holds, with executors registering again and some callbacks in flight lost or
 * sent again. Then submissions and faults stop, pauses are lifted (paused DAGs are resumed), and time runs until everything is
 * quiescent.
 *
 * <p>Invariants (each failure names the seed and the step):
 * <ol>
 * <li>A success is accepted at most once: {@code jobsSucceeded} equals the number of distinct jobs journaled
 *     SUCCEEDED, and no job journaled in a terminal state is ever journaled again.</li>
 * <li>No slot leaks: per class, slots in use equal the core's live leases and the journal's live leases, never
 *     exceed the slots of the instances the core knows, and used plus free equals that total.</li>
 * <li>Dependencies: a job is READY, leased, dispatched or succeeded only once every parent is journaled SUCCEEDED.</li>
 * <li>Planning order: within a class, when a batch leases a job, no job of that class still READY after the batch
 *     (the frontier as planning left it) certainly outranks it, or has the same rank and entered the frontier
 *     earlier. The rank is {@link SlaFairRanking}'s (base priority, aging, SLA pressure, per-DAG fair share),
 *     computed independently by {@link #rank}. No class with ready work and a free slot is left unplanned at the
 *     end of a batch (no lost wake-up), and nothing is leased in a paused class or while the scheduler is paused.
 *     A READY job of a paused DAG is not eligible: it is never leased (the DAG's pause state as of the batch's
 *     planning), it may outrank what is leased (it was parked on reaching the head), and planning a class with a
 *     free slot leaves none in the frontier. Per class, the frontier holds every READY job of a DAG not paused
 *     and at most those of paused DAGs not known to be parked; a resumed DAG's jobs are eligible again with the
 *     rank and ready order they had.</li>
 * <li>Quiescence: once submissions stop and executors behave, every DAG reaches a journaled terminal state, the
 *     core holds no DAG, no slot is used and no job is ready.</li>
 * <li>Durability before effect: a dispatch leaves only for a lease (job, token, executor, attempt) the journal
 *     already holds, each token is dispatched at most once, every lease journaled is dispatched or met
 *     back-pressure in the same batch, a submission is acknowledged only once its DAG is journaled, and a cancel
 *     goes only to a lease that was dispatched.</li>
 * <li>Fencing: the core accepts a Started, Succeeded or Failed exactly when it carries the current lease's token
 *     from the executor holding it (as the mirror knows it); tokens only grow.</li>
 * <li>Timers are neither early nor lost: a lease expires, a run times out, an executor is lost, a retry becomes
 *     ready and a job expires only once its time has come, and no later than a housekeeping interval and a
 *     clock step after it.</li>
 * <li>Outcomes: a DAG ends SUCCEEDED iff every job succeeded, CANCELLED iff a DAG cancel reached it while it was
 *     running, and is journaled ended in the batch its last job ends, paused or not. Until then it is journaled PAUSED
 *     exactly while a pause holds it, otherwise RUNNING once a job of it was leased and PENDING before. A job is
 *     FAILED only when out of attempts or after a non-retryable failure; SKIPPED only below a failed, expired or
 *     skipped parent; CANCELLED only for a reason (its DAG, fail-fast, a cancel of it or an ancestor); no new lease
 *     for a cancelled job or DAG, or a fail-fast DAG after its failure. A submission whose reference key is taken is
 *     refused (REJECT, naming the DAG holding the key, and never journaled), runs beside it (ALLOW), or cancels it
 *     (REPLACE).</li>
 * <li>No illegal transition: the core throws IllegalStateException on one, which fails the run.</li>
 * <li>Across owner crashes: one accepted success per job counting what the new owner inherited, every acknowledged
 *     DAG ends terminal in the journal, every new lease carries the live owner's epoch, and an adopted lease is revoked
 *     for going unreported only at its executor's second heartbeat to the new owner.</li>
 * </ol>
 */
final class SchedulerSimulation
{
    static final String[] CLASSES = {"ocr", "llm", "split"};
    static final long START_MS = 1_000_000;
    static final long HEARTBEAT_TIMEOUT_MS = 1_500;
    static final long LEASE_TIMEOUT_MS = 1_200;
    static final long HOUSEKEEPING_INTERVAL_MS = 10;
    /** The largest single advance of the clock between two steps. */
    static final long MAX_ADVANCE_MS = 40;
    /** How late a timer may act: the next housekeeping after its due time comes within this. */
    static final long SLACK_MS = 2 * (HOUSEKEEPING_INTERVAL_MS + MAX_ADVANCE_MS);
    static final int MAX_INSTANCES = 8;
    static final long DRAIN_LIMIT_MS = 600_000;
    private static final int[] PRIORITIES = {0, 1, 3, 5, 9};
    private static final int TRACE_LINES = Integer.getInteger("weft.sim.trace-lines", 40);

    /** What one run did: for coverage checks, the long-run summary, and to compare replays. */
    record Summary(
        long seed,
        int steps,
        long virtualMs,
        long dags,
        long jobs,
        long dispatches,
        long successes,
        long retries,
        long staleCallbacks,
        long leasesExpired,
        long runTimeouts,
        long executorsLost,
        long reregistrations,
        long jobsExpired,
        long jobsCancelled,
        long jobsFailed,
        long backPressure,
        long priorityChecks,
        long dagPauses,
        long dagResumes,
        long pausedDagsEnded,
        long parkedJobs,
        long unparkedLeases,
        long resumedPriorityChecks,
        long ownerCrashes,
        long leasesAdopted,
        long adoptedLeasesDropped,
        long callbacksLostWithOwner,
        long callbacksReplayed,
        long ownerFreezes,
        long frozenOwnerBatchesFenced,
        long fingerprint)
    {
    }

    /** A violated invariant, or the core throwing: carries the seed and step so the run can be replayed. */
    static final class SimulationFailure extends AssertionError
    {
        final long seed;
        final int step;

        SimulationFailure(final long seed, final int step, final String message, final Throwable cause)
        {
            super(message, cause);
            this.seed = seed;
            this.step = step;
        }
    }

    private final long seed;
    private final int mainSteps;
    private final SplittableRandom random;
    /** The live owner's counters; those of owners that crashed are in {@link #retiredCounters}. */
    private SchedulerCounters counters = new SchedulerCounters();
    private final List<SchedulerCounters> retiredCounters = new ArrayList<>();
    private SchedulerCore core;
    /** The live core's journal and sender: a frozen owner keeps its own, switched to refuse and flag. */
    private RecordingJournal coreJournal;
    private SimSender coreSender;
    private long freezes;
    private long zombieBatchesFenced;
    private final LinkFaults linkFaults;
    private final List<DuplicatingOwnerLink> duplicatingLinks = new ArrayList<>();
    private final List<ReorderingOwnerLink> reorderingLinks = new ArrayList<>();
    private final List<JobRec> refusedThisBatch = new ArrayList<>();
    private boolean linkBrokeThisBatch;
    private long ownerEpoch = 1;
    /** Successes the live owner inherited from the journal: its counter starts from zero. */
    private long succeededBase;
    /** Per seed, the chance that the owner dies at a given batch (0 for some seeds). */
    private final double crashRate;
    private long crashes;
    private long callbacksLostWithOwner;
    private long callbacksReplayed;
    /** The journal write in progress is the owner's last: it becomes durable, then the node dies. */
    private boolean dieInJournal;
    /** The last terminal callbacks delivered, which an executor may send again to the next owner. */
    private final ArrayDeque<Message> recentTerminalCallbacks = new ArrayDeque<>();
    /** What the journal holds, exactly as written: what a new owner adopts (the mirror also learns between writes). */
    private final Map<Long, Durable> durable = new LinkedHashMap<>();
    /** The latest DAG journaled under each reference key. */
    private final Map<String, Long> durableReferences = new HashMap<>();
    private final SchedulerEvent event = new SchedulerEvent();

    // Per-seed fault intensities, so that some seeds are calm and some are storms.
    private final double faultiness;
    private final double backPressureRate;
    private final int maxBatch;
    private final long driverPeriodMs;

    private long now = START_MS;
    private int step;
    private long sequence;
    /** Index of the ring batch now open: events delivered since the last end of batch belong to it. */
    private long batchIndex;
    private boolean draining;
    private long drainStartedAtMs;
    private boolean finished;
    private long order;
    private long fingerprint = 17;

    private final PriorityQueue<Item> inbox = new PriorityQueue<>();
    private final PriorityQueue<Item> actions = new PriorityQueue<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();

    // ---- the mirror of what the core made durable
    private final Map<Long, DagRec> dags = new LinkedHashMap<>();
    private final Map<Long, DagRec> activeDags = new LinkedHashMap<>();
    private final Map<String, LinkedHashSet<JobRec>> readyByClass = new HashMap<>();
    private final Map<String, Integer> liveLeasesByClass = new HashMap<>();
    private final LinkedHashSet<JobRec> liveLeases = new LinkedHashSet<>();
    private final LinkedHashSet<JobRec> retryWaiting = new LinkedHashSet<>();
    private final Set<Long> dispatchedTokens = new HashSet<>();
    private final Set<Long> refusedTokens = new HashSet<>();
    /** Leases granted for a request that a pause or the executor's loss overtook (delayed link): never dispatched. */
    private final Set<Long> mustNotDispatch = new HashSet<>();
    private final Set<Long> cancelledTokens = new HashSet<>();
    /** Leases the core must have told to stop when the current batch ends. */
    private final List<ExpectedStop> stopsExpected = new ArrayList<>();

    /** Leases journaled since the link was last quiet, by token: each must be dispatched or refused by then. */
    private final Map<Long, JobRec> freshTokensThisBatch = new LinkedHashMap<>();
    private final Set<String> refusedClassesThisBatch = new HashSet<>();
    private long maxTokenSeen;
    /** Orders makeReady calls as far as they can be told apart: one value per journal write, one per refusal. */
    private long readyKey;
    /** The latest DAG the core accepted under each reference key (kept after the DAG ends, as the core does). */
    private final Map<String, Long> dagsByReference = new HashMap<>();
    private long succeededJobs;
    private boolean schedulerPaused;
    private final Set<String> pausedClasses = new HashSet<>();
    /**
     * Per class, the READY jobs (of {@link #readyByClass}) whose DAG is paused: each is either parked in its DAG or
     * still in the frontier, not yet having reached its head. Those the mirror knows for certain to be parked have
     * {@link JobRec#parked} set and are counted in {@link #knownParkedByClass}.
     */
    private final Map<String, LinkedHashSet<JobRec>> pausedReadyByClass = new HashMap<>();
    private final Map<String, Integer> knownParkedByClass = new HashMap<>();
    /** DAGs a pause or resume reached in the batch now open: their journaled state must say so by its end. */
    private final Set<DagRec> pauseFlippedThisBatch = new LinkedHashSet<>();

    // ---- executors
    private final Map<Long, SimExecutor> executors = new TreeMap<>();
    /** Instances the core knows (registered, not lost), with their slots. */
    private final Map<Long, Map<String, Integer>> knownInstances = new TreeMap<>();
    /** Heartbeats each instance sent the live core since it registered, up to 2, as the core counts them. */
    private final Map<Long, Integer> heartbeatsSinceRegistration = new HashMap<>();
    private final Map<Long, Long> lastHeartbeatMs = new HashMap<>();

    // ---- the delivery in progress: its effect on the mirror is settled once the core's handler has returned
    private Message current;
    private long succeededBefore;
    private long staleBefore;

    private boolean expectedAccept;
    private boolean settled = true;

    // ---- statistics
    private long nextDagId = 1;
    private long dispatches;
    private long backPressure;
    private long reregistrations;
    private long priorityChecks;
    private long dagPauses;
    private long dagResumes;
    private long pausedDagsEnded;
    private long parkedJobs;
    private long unparkedLeases;
    private long resumedPriorityChecks;
    /** Per seed, out of 100 driver rolls, how many pause a DAG (0 for some seeds: runs without DAG pauses stay covered). */
    private final int dagPauseRolls;

    SchedulerSimulation(final long seed, final int steps)
    {
        this(seed, steps, LinkFaults.NONE);
    }

    /** What the link between each core's DAG side and class side does to their messages. */
    enum LinkFaults
    {
        /** Delivered at once, in order. */
        NONE("weft.sim.seed"),
        /** Delivered at once, each twice. */
        DUPLICATED("weft.sim.duplicated-seed"),
        /** Held until the core flushes, then delivered in a random order, some twice. */
        REORDERED("weft.sim.reordered-seed"),
        /** As reordered, and now and then a flush loses everything held (the connection broke) and the core resyncs. */
        LOSSY("weft.sim.lossy-seed"),
        /**
         * As reordered, and a third of the core's batches deliver nothing, so messages cross batches as between
         * nodes: a grant arrives batches after its request, a JobReady after the journal write that readied it.
         */
        DELAYED("weft.sim.delayed-seed");

        /** The system property that replays one seed of this mode (SimulationTest). */
        final String seedProperty;

        LinkFaults(final String seedProperty)
        {
            this.seedProperty = seedProperty;
        }
    }

    SchedulerSimulation(final long seed, final int steps, final LinkFaults linkFaults)
    {
        this.linkFaults = linkFaults;
        this.seed = seed;
        this.mainSteps = steps;
        this.random = new SplittableRandom(seed);
        this.faultiness = 0.2 + random.nextDouble() * 1.3;
        this.backPressureRate = random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * 0.05;
        this.maxBatch = 1 + random.nextInt(12);
        this.driverPeriodMs = 10 + random.nextInt(120);
        this.dagPauseRolls = random.nextInt(5) == 0 ? 0 : 2 + random.nextInt(8);
        this.crashRate = random.nextInt(6) == 0 ? 0.0 : (0.5 + random.nextDouble() * 4) / steps;
        core = newCore(ownerEpoch);
        for (final String executorClass : CLASSES)
        {
            readyByClass.put(executorClass, new LinkedHashSet<>());
            pausedReadyByClass.put(executorClass, new LinkedHashSet<>());
            knownParkedByClass.put(executorClass, 0);
            liveLeasesByClass.put(executorClass, 0);
        }
    }

    private SchedulerCore newCore(final long epoch)
    {
        final SchedulerContext context = new SchedulerContext()
            .heartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS)
            .leaseTimeoutMs(LEASE_TIMEOUT_MS)
            .housekeepingIntervalMs(HOUSEKEEPING_INTERVAL_MS)
            .randomSeed(seed + 7919 * crashes)
            .epochClock(() -> now)
            .nanoClock(() -> now * 1_000_000L)
            .ownerEpoch(epoch)
            .conclude();
        coreJournal = new RecordingJournal();
        coreSender = new SimSender();
        return new SchedulerCore(context, coreJournal, coreSender, new io.weft.scheduler.signals.LatencyRecorders(), counters,
            new ExecutorDirectory(), new PauseView(), null, this::faultyLink);
    }

    private OwnerLink faultyLink(final OwnerLink link)
    {
        return switch (linkFaults)
        {
            case NONE -> link;
            case DUPLICATED -> {
                final DuplicatingOwnerLink duplicating = new DuplicatingOwnerLink(link);
                duplicatingLinks.add(duplicating);
                yield duplicating;
            }
            case REORDERED, LOSSY, DELAYED -> {
                // Its own stream, so the faults do not shift the rest of the seed's choices.
                final ReorderingOwnerLink reordering = new ReorderingOwnerLink(link, new SplittableRandom(seed * 31 + reorderingLinks.size()), 0.1,
                    linkFaults == LinkFaults.LOSSY ? 0.01 : 0.0, linkFaults == LinkFaults.DELAYED ? 0.33 : 0.0, this::linkBroke, refusedTokens::add);
                reorderingLinks.add(reordering);
                yield reordering;
            }
        };
    }

    /** Messages between the cores' two sides delivered a second time, over every term. */
    long duplicatedOwnerMessages()
    {
        long sum = 0;
        for (final DuplicatingOwnerLink link : duplicatingLinks)
        {
            sum += link.duplicates;
        }
        for (final ReorderingOwnerLink link : reorderingLinks)
        {
            sum += link.duplicates;
        }
        return sum;
    }

    private boolean reorders()
    {
        return linkFaults != LinkFaults.NONE && linkFaults != LinkFaults.DUPLICATED;
    }

    /**
     * The live core's link holds nothing, so both sides have heard everything the other said; over a delayed link,
     * also the journal holds what they did about it (answers that arrive after a batch's write wait for the next).
     */
    private boolean linkQuiet()
    {
        if (reorderingLinks.isEmpty())
        {
            return true;
        }
        return reorderingLinks.get(reorderingLinks.size() - 1).quiet() && (linkFaults != LinkFaults.DELAYED || !core.journalBehind());
    }

    /** Grants the class side refused because they came after the reservation ended or its class was paused. */
    long lateGrantsRefused()
    {
        return total(SchedulerCounters::lateGrantsRefused);
    }

    /** Batches in which the link delivered nothing though it held messages, over every term. */
    long heldOwnerBatches()
    {
        long sum = 0;
        for (final ReorderingOwnerLink link : reorderingLinks)
        {
            sum += link.heldBatches;
        }
        return sum;
    }

    /**
     * The link lost what it held and the core is about to resynchronise: every ready job is sent again and ranked
     * afresh in the order the resent messages arrive, so the ranks this mirror holds for them no longer bind.
     */
    private void linkBroke()
    {
        traceLine("  LINK BREAK: messages lost, resync");
        linkBrokeThisBatch = true;
        for (final LinkedHashSet<JobRec> ready : readyByClass.values())
        {
            for (final JobRec rec : ready)
            {
                rec.rankLow = Long.MIN_VALUE;
                rec.rankHigh = Long.MAX_VALUE;
            }
        }
    }

    /** Times a link lost what it held, over every term. */
    long ownerLinkBreaks()
    {
        long sum = 0;
        for (final ReorderingOwnerLink link : reorderingLinks)
        {
            sum += link.breaks;
        }
        return sum;
    }

    /** Messages between the cores' two sides delivered out of the order they were sent, over every term. */
    long reorderedOwnerMessages()
    {
        long sum = 0;
        for (final ReorderingOwnerLink link : reorderingLinks)
        {
            sum += link.reordered;
        }
        return sum;
    }

    private long total(final ToLongFunction<SchedulerCounters> counter)
    {
        long sum = counter.applyAsLong(counters);
        for (final SchedulerCounters retired : retiredCounters)
        {
            sum += counter.applyAsLong(retired);
        }
        return sum;
    }

    /** Runs to quiescence; throws {@link SimulationFailure} naming the seed and step on the first violation. */
    Summary run()
    {
        try
        {
            final int initial = 2 + random.nextInt(3);
            for (int i = 0; i < initial; i++)
            {
                newExecutor(null);
            }
            schedule(now, this::driverTick);
            while (!finished)
            {
                oneStep();
            }
            finalChecks();
        }
        catch (final SimulationFailure failure)
        {
            throw failure;
        }
        catch (final Throwable t)
        {
            throw new SimulationFailure(seed, step, failureMessage(String.valueOf(t)), t);
        }
        return new Summary(
            seed, step, now - START_MS, dags.size(), total(SchedulerCounters::jobsSubmitted), dispatches, succeededJobs,
            total(SchedulerCounters::jobRetries), total(SchedulerCounters::staleCallbacks), total(SchedulerCounters::leasesExpired),
            total(SchedulerCounters::runTimeouts), total(SchedulerCounters::executorsLost), reregistrations,
            total(SchedulerCounters::jobsExpired), total(SchedulerCounters::jobsCancelled), total(SchedulerCounters::jobsFailed),
            backPressure, priorityChecks, dagPauses, dagResumes, pausedDagsEnded, parkedJobs, unparkedLeases, resumedPriorityChecks,
            crashes, total(SchedulerCounters::leasesAdopted), total(SchedulerCounters::adoptedLeasesDropped), callbacksLostWithOwner,
            callbacksReplayed, freezes, zombieBatchesFenced, fingerprint);
    }

    // ------------------------------------------------------------------ the loop

    private void oneStep()
    {
        while (!actions.isEmpty() && actions.peek().at <= now)
        {
            actions.poll().action.run();
        }
        if (!inbox.isEmpty() && inbox.peek().at <= now)
        {
            deliverBatch();
        }
        else
        {
            long next = Long.MAX_VALUE;
            if (!inbox.isEmpty())
            {
                next = inbox.peek().at;
            }
            if (!actions.isEmpty())
            {
                next = Math.min(next, actions.peek().at);
            }
            now += Math.max(1, Math.min(next - now, 1 + random.nextInt((int)MAX_ADVANCE_MS)));
            if (inbox.isEmpty() || inbox.peek().at > now)
            {
                // The ring is idle: the wait strategy's timeout gives the core its housekeeping tick.
                step++;
                traceLine("tick");
                if (crashNow() && random.nextBoolean())
                {
                    // Not dead but frozen, between batches: a newer owner takes over, and this one resumes later.
                    ownerFreeze();
                    afterEvent();
                    afterBatch();
                    return;
                }
                dieInJournal = crashNow();
                try
                {
                    core.onTimeout(sequence);
                }
                catch (final OwnerDied died)
                {
                    ownerCrash(List.of());
                }
                dieInJournal = false;
                afterEvent();
                afterBatch();
            }
        }
        if (!draining && step >= mainSteps)
        {
            startDrain();
        }
        if (draining)
        {
            if (activeDags.isEmpty() && allDagsTerminal() && linkQuiet())
            {
                finished = true;
            }
            else if (now - drainStartedAtMs > DRAIN_LIMIT_MS)
            {
                violation("not quiescent " + DRAIN_LIMIT_MS + " ms after submissions stopped: " + describeActive());
            }
        }
    }

    private void deliverBatch()
    {
        final int size = 1 + random.nextInt(maxBatch);
        final List<Message> batch = new ArrayList<>(size);
        while (batch.size() < size && !inbox.isEmpty() && inbox.peek().at <= now)
        {
            batch.add(inbox.poll().message);
        }
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final boolean endOfBatch = i == n - 1;
            step++;
            dieInJournal = endOfBatch && crashNow();
            try
            {
                deliver(batch.get(i), endOfBatch);
            }
            catch (final OwnerDied died)
            {
                ownerCrash(List.of());
                afterEvent();
                afterBatch();
                return;
            }
            finally
            {
                dieInJournal = false;
            }
            afterEvent();
            if (endOfBatch)
            {
                afterBatch();
            }
            else if (crashNow())
            {
                // Mid-batch: what the core took in since its last journal write dies with it.
                ownerCrash(batch.subList(i + 1, n));
                afterEvent();
                afterBatch();
                return;
            }
        }
    }

    private boolean crashNow()
    {
        return !draining && crashRate > 0 && random.nextDouble() < crashRate;
    }

    /** Thrown out of the journal once a write is durable: the node dies before it can act on the batch. */
    private static final class OwnerDied extends Error
    {
        OwnerDied()
        {
            super("owner died", null, false, false);
        }
    }

    /**
     * The owner's node freezes (a long GC pause, SIGSTOP) past the failure detector's timeout: the grid hands its
     * work to a newer owner exactly as if it had died, but the frozen core keeps everything it held and resumes
     * later, reading some of the executor traffic that was on its way to it and firing the timers that came due
     * meanwhile. Whatever it then decides must stay inside it: its journal writes are refused (every DAG it holds
     * has been claimed by the newer epoch), and it sends no dispatch and no cancel.
     */
    private void ownerFreeze()
    {
        freezes++;
        final SchedulerCore frozen = core;
        coreJournal.frozen = true;
        coreSender.frozen = true;
        final List<Message> copies = new ArrayList<>();
        for (final Item item : inbox)
        {
            if (fromExecutor(item.message) && random.nextBoolean())
            {
                copies.add(item.message);
            }
        }
        copies.sort(java.util.Comparator.comparingLong(m -> m.dagId * 31 + m.job * 7L + m.type));
        traceLine("  OWNER FREEZE (epoch " + ownerEpoch + "); it will resume with " + copies.size() + " callback(s)");
        ownerCrash(List.of());
        final SchedulerCounters frozenCounters = retiredCounters.get(retiredCounters.size() - 1);
        schedule(now + 100 + random.nextInt(3_000), () -> frozenOwnerResumes(frozen, frozenCounters, copies));
    }

    private void frozenOwnerResumes(final SchedulerCore frozen, final SchedulerCounters frozenCounters, final List<Message> copies)
    {
        traceLine("  FROZEN OWNER RESUMES with " + copies.size() + " callback(s)");
        final long fencedBefore = frozenCounters.fencedBatches();
        final SchedulerEvent e = new SchedulerEvent();
        for (int i = 0; i < copies.size(); i++)
        {
            final Message m = copies.get(i);
            switch (m.type)
            {
                case SchedulerEvent.HEARTBEAT -> e.heartbeat(m.instanceId, now);
                case SchedulerEvent.LEASE_RENEWED -> e.leaseRenewed(m.instanceId, m.dagId, m.job, m.token);
                default -> e.jobCallback(m.type, m.instanceId, m.dagId, m.job, m.token, now, m.retryable, m.text, null);
            }
            frozen.onEvent(e, sequence++, i == copies.size() - 1);
        }
        frozen.onTimeout(sequence++);
        final long fenced = frozenCounters.fencedBatches() - fencedBefore;
        zombieBatchesFenced += fenced;
        if (fenced > 0)
        {
            // Fenced off, it takes nothing in any more: a callback now is refused as stale, and changes nothing.
            final long staleBefore = frozenCounters.staleCallbacks();
            for (final Message m : copies)
            {
                if (m.type == SchedulerEvent.JOB_SUCCEEDED || m.type == SchedulerEvent.JOB_FAILED)
                {
                    e.jobCallback(m.type, m.instanceId, m.dagId, m.job, m.token, now, m.retryable, m.text, null);
                    frozen.onEvent(e, sequence++, true);
                    if (frozenCounters.staleCallbacks() != staleBefore + 1)
                    {
                        violation("a fenced-off owner took in " + m);
                    }
                    break;
                }
            }
        }
    }

    private static boolean fromExecutor(final Message m)
    {
        return m.type == SchedulerEvent.JOB_STARTED || m.type == SchedulerEvent.JOB_SUCCEEDED || m.type == SchedulerEvent.JOB_FAILED
            || m.type == SchedulerEvent.LEASE_RENEWED || m.type == SchedulerEvent.HEARTBEAT;
    }

    /**
     * The owner's node dies: its core and all it held in memory are gone (decisions not journaled, acks and
     * dispatches not sent, callbacks it took in). A new owner takes over from the journal under the next epoch,
     * as the grid would hand it over; executors keep running and register with it.
     */
    private void ownerCrash(final List<Message> undelivered)
    {
        crashes++;
        traceLine("  OWNER CRASH (epoch " + ownerEpoch + " -> " + (ownerEpoch + 1) + ")");
        mix(0xC4A5L + crashes);
        settled = true;
        current = null;
        stopsExpected.clear(); // cancels wait for the end of the batch; the dead core never sends them
        // In flight to the dead node: some is lost with it, the rest reaches the new owner (the transport follows it).
        final List<Item> pending = new ArrayList<>();
        while (!inbox.isEmpty())
        {
            pending.add(inbox.poll());
        }
        final List<Message> inFlight = new ArrayList<>(undelivered);
        for (final Item item : pending)
        {
            inFlight.add(item.message);
        }
        final List<Long> ats = new ArrayList<>();
        for (int i = 0; i < undelivered.size(); i++)
        {
            ats.add(now);
        }
        for (final Item item : pending)
        {
            ats.add(item.at);
        }
        for (int i = 0; i < inFlight.size(); i++)
        {
            final Message m = inFlight.get(i);
            final boolean fromExecutor = m.type == SchedulerEvent.JOB_STARTED || m.type == SchedulerEvent.JOB_SUCCEEDED
                || m.type == SchedulerEvent.JOB_FAILED || m.type == SchedulerEvent.LEASE_RENEWED || m.type == SchedulerEvent.HEARTBEAT;
            if (fromExecutor && random.nextInt(3) == 0)
            {
                callbacksLostWithOwner++;
                traceLine("  lost with the owner: " + m);
                if ((m.type == SchedulerEvent.JOB_SUCCEEDED || m.type == SchedulerEvent.JOB_FAILED) && random.nextBoolean())
                {
                    // Unanswered, the executor sends it again once it is linked to the new owner.
                    callbacksReplayed++;
                    enqueue(now + 300 + random.nextInt(700), m);
                }
                continue;
            }
            enqueue(Math.max(now, ats.get(i)), m);
        }
        for (final Message m : recentTerminalCallbacks)
        {
            if (random.nextInt(4) == 0)
            {
                callbacksReplayed++;
                enqueue(now + 300 + random.nextInt(700), m); // answered by the dead node, sent again after the switch
            }
        }
        recentTerminalCallbacks.clear();

        // The mirror forgets what only the dead core knew, and takes the journal's word.
        retiredCounters.add(counters);
        counters = new SchedulerCounters();
        succeededBase = succeededJobs;
        freshTokensThisBatch.clear();
        refusedClassesThisBatch.clear();
        pauseFlippedThisBatch.clear();
        knownInstances.clear();
        heartbeatsSinceRegistration.clear();
        lastHeartbeatMs.clear();
        for (final SimExecutor executor : executors.values())
        {
            executor.forgotten = true; // its link to the dead node is gone: it registers again at its next heartbeat
        }
        dagsByReference.clear();
        dagsByReference.putAll(durableReferences);
        for (final DagRec dag : dags.values())
        {
            if (!dag.created)
            {
                if (dag.delivered)
                {
                    dag.lostWithOwner = true; // never journaled nor acknowledged: the client sees its submission fail
                }
                continue;
            }
            if (!dag.acked)
            {
                dag.ackLost = true; // journaled, but the ack died with the node: the new owner runs it all the same
            }
            if (dag.cancelBatch == batchIndex && !durable.get(dag.dagId).cancelled)
            {
                dag.cancelBatch = Long.MAX_VALUE; // reached the dead core in the batch it never finished
            }
            if (dag.state.isTerminal())
            {
                continue;
            }
            adoptMirror(dag);
        }

        ownerEpoch++;
        core = newCore(0);
        batchIndex++;
        core.onEvent(ownerEvent(e -> e.takeOver(ownerEpoch)), sequence++, false);
        if (schedulerPaused)
        {
            core.onEvent(ownerEvent(e -> e.pauseOrResume(true, null)), sequence++, false);
        }
        for (final String executorClass : new java.util.TreeSet<>(pausedClasses))
        {
            core.onEvent(ownerEvent(e -> e.pauseOrResume(true, executorClass)), sequence++, false);
        }
        if (!durableReferences.isEmpty())
        {
            final Map<String, Long> references = new HashMap<>(durableReferences);
            core.onEvent(ownerEvent(e -> e.references(references)), sequence++, false);
        }
        for (final Map.Entry<Long, Durable> entry : durable.entrySet())
        {
            if (!entry.getValue().state.isTerminal())
            {
                final AdoptedDag adopted = entry.getValue().adopted(entry.getKey());
                core.onEvent(ownerEvent(e -> e.adopt(adopted)), sequence++, false);
            }
        }
        core.onTimeout(sequence);
    }

    private SchedulerEvent ownerEvent(final java.util.function.Consumer<SchedulerEvent> fill)
    {
        fill.accept(event);
        return event;
    }

    /** Rebases a DAG's mirror on the journal, as the new owner adopts it. */
    private void adoptMirror(final DagRec dag)
    {
        final Durable d = durable.get(dag.dagId);
        dag.adopted = true;
        if (dag.paused != (dag.state == DagState.PAUSED))
        {
            setDagPaused(dag, dag.state == DagState.PAUSED);
        }
        for (final JobRec rec : dag.jobs)
        {
            final int j = rec.index;
            if (rec.cancelBatch != Long.MAX_VALUE && !d.cancelRequested[j] && d.jobStates[j] != JobState.CANCELLED)
            {
                // The cancel was asked in the batch the old owner never made durable: it is lost with that owner.
                rec.cancelBatch = Long.MAX_VALUE;
            }
            if (rec.cancelAfterSuccessBatch == batchIndex)
            {
                rec.cancelAfterSuccessBatch = Long.MAX_VALUE;
            }
            rec.successAccepted = d.jobStates[j] == JobState.SUCCEEDED;
            unmarkParked(rec);
            endLease(rec);
            mirrorState(rec, d.jobStates[j]);
            rec.token = d.tokens[j];
            rec.attempts = d.attempts[j];
            rec.executorId = d.executorIds[j];
            rec.readyAtMs = d.readyAt[j];
            rec.error = d.errors[j];
            if (rec.state == JobState.RETRY_WAIT)
            {
                // The new owner retries at once rather than wait out a backoff it cannot know the start of.
                rec.retryWaitSinceMs = now - minBackoffMs(rec.retry, rec.attempts);
                rec.retryAttempts = rec.attempts;
            }
            if (rec.state.holdsLease())
            {
                // Kept for one lease timeout; no executor is registered yet, so it holds no slot until its own does.
                rec.slotless = true;
                rec.awaitingReport = true;
                startLease(rec);
                rec.started = rec.state == JobState.RUNNING;
                rec.leasedAtMs = d.dispatchedAt[j] > 0 ? d.dispatchedAt[j] : now;
                rec.leaseExpiresAtMs = now + LEASE_TIMEOUT_MS;
                dispatchedTokens.add(rec.token); // it may have been sent; the new owner cannot tell
            }
        }
    }

    private void deliver(final Message m, final boolean endOfBatch)
    {
        traceLine(m + (endOfBatch ? " |end" : ""));
        current = m;
        settled = false;
        succeededBefore = counters.jobsSucceeded();
        staleBefore = counters.staleCallbacks();


        final JobRec rec = m.dagId == 0 ? null : job(m.dagId, m.job);
        expectedAccept = rec != null && rec.leaseLive && rec.token == m.token && rec.executorId == m.instanceId;
        switch (m.type)
        {
            case SchedulerEvent.SUBMIT -> event.submit(m.dagId, m.ref, new Ack(m.dagId), now, now * 1_000_000L);
            case SchedulerEvent.EXECUTOR_REGISTERED -> {
                if (knownInstances.containsKey(m.instanceId))
                {
                    reregistrations++;
                }
                event.executorRegistered(m.ref);
            }
            case SchedulerEvent.HEARTBEAT -> event.heartbeat(m.instanceId, now);
            case SchedulerEvent.LEASE_RENEWED -> event.leaseRenewed(m.instanceId, m.dagId, m.job, m.token);
            case SchedulerEvent.JOB_STARTED, SchedulerEvent.JOB_SUCCEEDED, SchedulerEvent.JOB_FAILED ->
                event.jobCallback(m.type, m.instanceId, m.dagId, m.job, m.token, now, m.retryable, m.text, null);
            case SchedulerEvent.PAUSE, SchedulerEvent.RESUME -> event.pauseOrResume(m.type == SchedulerEvent.PAUSE, m.text);
            case SchedulerEvent.CANCEL -> event.cancel(m.dagId, m.job);
            case SchedulerEvent.DAG_PAUSE, SchedulerEvent.DAG_RESUME ->
                event.pauseOrResumeDag(m.dagId, m.type == SchedulerEvent.DAG_PAUSE);
            default -> throw new IllegalArgumentException("unknown message type " + m.type);
        }
        final List<JobRec> toStop = new ArrayList<>();
        final List<Long> toStopTokens = new ArrayList<>();
        if (m.type == SchedulerEvent.CANCEL)
        {
            for (final JobRec job : dags.get(m.dagId).jobs)
            {
                if ((m.job < 0 || job.index == m.job) && job.leaseLive)
                {
                    toStop.add(job);
                    toStopTokens.add(job.token);
                }
            }
        }
        if (m.type == SchedulerEvent.JOB_SUCCEEDED || m.type == SchedulerEvent.JOB_FAILED)
        {
            if (recentTerminalCallbacks.size() == 20)
            {
                recentTerminalCallbacks.removeFirst();
            }
            recentTerminalCallbacks.addLast(m);
        }
        for (int i = 0; i < toStop.size(); i++)
        {
            expectStop(toStop.get(i), toStopTokens.get(i), m + " did not tell the executor of " + toStop.get(i) + " to stop");
        }
        core.onEvent(event, sequence++, endOfBatch);
        settle();
        current = null;
    }

    /**
     * The executor holding lease {@code token} must be told to stop by the end of this batch (cancels, like
     * dispatches, leave once the batch is durable).
     */
    private void expectStop(final JobRec rec, final long token, final String failure)
    {
        stopsExpected.add(new ExpectedStop(rec, token, failure));
    }

    private record ExpectedStop(JobRec rec, long token, String failure)
    {
    }

    /**
     * Applies what the simulation learns from the delivery in progress to the mirror. Runs once the core's event
     * handler is done with it: from the journal, the sender or the acknowledgement if the handler ended the batch,
     * otherwise right after {@code onEvent} returns.
     */
    private void settle()
    {
        if (settled)
        {
            return;
        }
        settled = true;
        final Message m = current;
        final long succeededDelta = counters.jobsSucceeded() - succeededBefore;
        final long staleDelta = counters.staleCallbacks() - staleBefore;
        final JobRec rec = m.dagId == 0 ? null : job(m.dagId, m.job);
        switch (m.type)
        {
            case SchedulerEvent.SUBMIT -> {
                final DagRec dag = dags.get(m.dagId);
                dag.delivered = true;
                final String key = dag.plan.referenceKey();
                final Long existing = key == null ? null : dagsByReference.get(key);
                if (existing != null && dag.plan.duplicatePolicy() == DuplicatePolicy.REJECT)
                {
                    dag.rejectedInFavourOf = existing;
                }
                else if (key != null)
                {
                    if (existing != null && dag.plan.duplicatePolicy() == DuplicatePolicy.REPLACE)
                    {
                        dagCancelReached(dags.get(existing));
                    }
                    dagsByReference.put(key, m.dagId);
                }
            }
            case SchedulerEvent.EXECUTOR_REGISTERED -> {
                final ExecutorDescriptor descriptor = (ExecutorDescriptor)m.ref;
                // A registration under a known id makes the core drop the previous instance and all it held; a first
                // one backs the leases adopted from an earlier owner for it with its slots.
                final boolean known = knownInstances.containsKey(descriptor.instanceId());
                for (final JobRec lease : new ArrayList<>(liveLeases))
                {
                    if (lease.executorId == descriptor.instanceId())
                    {
                        if (known)
                        {
                            endLease(lease);
                        }
                        else if (lease.slotless && descriptor.slotsByClass().containsKey(lease.executorClass))
                        {
                            lease.slotless = false;
                            liveLeasesByClass.merge(lease.executorClass, 1, Integer::sum);
                        }
                    }
                }
                knownInstances.put(descriptor.instanceId(), descriptor.slotsByClass());
                lastHeartbeatMs.put(descriptor.instanceId(), now);
                heartbeatsSinceRegistration.put(descriptor.instanceId(), 0);
            }
            case SchedulerEvent.HEARTBEAT -> {
                if (knownInstances.containsKey(m.instanceId))
                {
                    lastHeartbeatMs.put(m.instanceId, now);
                    final int heartbeats = heartbeatsSinceRegistration.getOrDefault(m.instanceId, 0);
                    if (heartbeats < 2)
                    {
                        heartbeatsSinceRegistration.put(m.instanceId, heartbeats + 1);
                    }
                    if (heartbeats == 1)
                    {
                        // Its second heartbeat here: the first listed every lease it holds, so an adopted lease it
                        // has not reported is revoked now (the journal's reason, "executor ... does not hold ...",
                        // is checked there), and its executor is told to stop.
                        for (final JobRec lease : new ArrayList<>(liveLeases))
                        {
                            if (lease.awaitingReport && lease.executorId == m.instanceId)
                            {
                                expectStop(lease, lease.token, "adopted lease " + leaseText(lease) + " was revoked unreported without a stop");
                                endLease(lease);
                            }
                        }
                    }
                }
            }
            case SchedulerEvent.LEASE_RENEWED -> {
                if (expectedAccept)
                {
                    rec.leaseExpiresAtMs = now + LEASE_TIMEOUT_MS;
                    rec.awaitingReport = false;
                }
            }
            case SchedulerEvent.JOB_STARTED -> {
                if (expectedAccept)
                {
                    rec.awaitingReport = false;
                }
                final boolean accepted = staleDelta == 0;
                if (accepted != (expectedAccept && !rec.started))
                {
                    violation("Started " + m.describeJob() + " was " + (accepted ? "accepted" : "refused") + " but the lease "
                        + leaseText(rec) + " says otherwise");
                }
                if (accepted)
                {
                    rec.started = true;
                    rec.leaseExpiresAtMs = now + LEASE_TIMEOUT_MS;
                }
            }
            case SchedulerEvent.JOB_SUCCEEDED -> {
                final boolean accepted = succeededDelta == 1;
                if (succeededDelta > 1 || accepted == (staleDelta == 1) || accepted != expectedAccept)
                {
                    violation("Succeeded " + m.describeJob() + " was " + (accepted ? "accepted" : "refused") + " (succeeded +"
                        + succeededDelta + ", stale +" + staleDelta + ") but the lease " + leaseText(rec) + " says otherwise");
                }
                if (accepted)
                {
                    if (rec.successAccepted)
                    {
                        violation("a second success accepted for " + m.describeJob());
                    }
                    rec.successAccepted = true;
                    endLease(rec);
                }
            }
            case SchedulerEvent.JOB_FAILED -> {
                final boolean accepted = staleDelta == 0;
                if (accepted != expectedAccept)
                {
                    violation("Failed " + m.describeJob() + " was " + (accepted ? "accepted" : "refused") + " but the lease "
                        + leaseText(rec) + " says otherwise");
                }
                if (accepted)
                {
                    rec.failureAcceptedToken = m.token;
                    if (!m.retryable)
                    {
                        rec.nonRetryableToken = m.token;
                    }
                    endLease(rec);
                }
            }
            case SchedulerEvent.PAUSE, SchedulerEvent.RESUME -> {
                final boolean pause = m.type == SchedulerEvent.PAUSE;
                if (m.text == null)
                {
                    schedulerPaused = pause;
                }
                else if (pause)
                {
                    pausedClasses.add(m.text);
                }
                else
                {
                    pausedClasses.remove(m.text);
                }
            }
            case SchedulerEvent.DAG_PAUSE, SchedulerEvent.DAG_RESUME -> {
                // The core acts on a DAG it holds: accepted (not refused as a duplicate) and not yet ended. One that
                // ended earlier in this batch ignores it too, but its journaled end makes the flag moot.
                final DagRec dag = dags.get(m.dagId);
                final boolean pause = m.type == SchedulerEvent.DAG_PAUSE;
                if (dag.delivered && !dag.lostWithOwner && dag.rejectedInFavourOf == 0 && !dag.state.isTerminal() && dag.paused != pause)
                {
                    setDagPaused(dag, pause);
                }
            }
            case SchedulerEvent.CANCEL -> {
                final DagRec dag = dags.get(m.dagId);
                if (m.job < 0)
                {
                    dagCancelReached(dag);
                }
                else if (!dag.state.isTerminal())
                {
                    if (rec.state == JobState.SUCCEEDED)
                    {
                        rec.cancelAfterSuccessBatch = Math.min(rec.cancelAfterSuccessBatch, batchIndex);
                    }
                    else
                    {
                        rec.cancelBatch = Math.min(rec.cancelBatch, batchIndex);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** A DAG cancel reached the core: if the DAG was still running then, it must end CANCELLED. */
    private void dagCancelReached(final DagRec dag)
    {
        if (!dag.state.isTerminal())
        {
            dag.cancelBatch = Math.min(dag.cancelBatch, batchIndex);
        }
    }

    // ------------------------------------------------------------------ checks after each step

    /** In-memory invariants that hold after every event, mid-batch included. */
    private void afterEvent()
    {
        if (reorders())
        {
            return; // mid-batch, the two sides may still have messages for each other: checked at the end of the batch
        }
        for (final String executorClass : CLASSES)
        {
            final int used = core.usedSlots(executorClass);
            final int free = core.freeSlots(executorClass);
            final int total = totalSlots(executorClass);
            final int leases = core.liveLeases(executorClass);
            if (used != leases)
            {
                violation("slot leak in " + executorClass + ": " + used + " slots used, " + leases + " live leases");
            }
            if (used > total || used + free != total || free < 0)
            {
                violation("slot ledger of " + executorClass + " is off: used " + used + " free " + free + ", known instances offer "
                    + total);
            }
        }
    }

    /** Invariants against the journal, and liveness bounds, checked at the end of every batch. */
    private void afterBatch()
    {
        if (!refusedThisBatch.isEmpty())
        {
            rankReadied(List.of(), new ArrayList<>(refusedThisBatch), List.of());
            refusedThisBatch.clear();
        }
        // With messages still on their way between the two sides (a delayed link), what the class side does in
        // answer (dispatches, stops, slots, frontier) is checked at the next batch that ends with the link quiet;
        // until then the expectations accumulate. The journal's own invariants and the liveness bounds hold anyway.
        final boolean quiet = linkQuiet();
        if (!reorderingLinks.isEmpty())
        {
            reorderingLinks.get(reorderingLinks.size() - 1).batchEnded();
        }
        if (!quiet)
        {
            checkJournalAndDeadlines();
            return;
        }
        // A broken link loses stops: a lost stop's lease was ended anyway (the executor's callbacks are then stale).
        // A lost grant is not excused: the lease is sent again as held, and the class side dispatches it then.
        final boolean broke = linkBrokeThisBatch;
        linkBrokeThisBatch = false;
        for (final ExpectedStop expected : stopsExpected)
        {
            if (!broke && !cancelledTokens.contains(expected.token()))
            {
                violation(expected.failure() + " (tok=" + expected.token() + ")");
            }
        }
        stopsExpected.clear();
        for (final Map.Entry<Long, JobRec> fresh : freshTokensThisBatch.entrySet())
        {
            final long token = fresh.getKey();
            final JobRec rec = fresh.getValue();
            // Over a delayed link a lease can end before its grant arrives (its executor lost, the job cancelled):
            // then nobody dispatches it, rightly. One still live when the link is quiet was lost on the way.
            // A grant and its stop that reach the class side in one batch: the stop goes, the dispatch stays.
            final boolean endedUnsent = linkFaults == LinkFaults.DELAYED
                && (!(rec.leaseLive && rec.token == token) || cancelledTokens.contains(token));
            if (!dispatchedTokens.contains(token) && !refusedTokens.contains(token) && !endedUnsent)
            {
                violation("lease token " + token + " was journaled but neither dispatched nor refused");
            }
        }
        freshTokensThisBatch.clear();
        if (counters.jobsSucceeded() + succeededBase != succeededJobs)
        {
            violation("core counted " + counters.jobsSucceeded() + " successes (owner " + ownerEpoch + ", which inherited "
                + succeededBase + "), the journal holds " + succeededJobs);
        }
        for (final String executorClass : CLASSES)
        {
            // Every READY job of a DAG not paused is in the frontier; one of a paused DAG is there until it reaches
            // the head, then parked in its DAG. The probe tells how many of the latter are still in the frontier.
            final LinkedHashSet<JobRec> pausedReady = pausedReadyByClass.get(executorClass);
            final int inFrontier = core.readyJobs(executorClass);
            final int paused = pausedReady.size();
            final int eligible = readyByClass.get(executorClass).size() - paused;
            final int knownParked = knownParkedByClass.get(executorClass);
            // A reordered link can leave a job that stopped being ready in the frontier (its JobReady overtook by its
            // Withdraw) until planning reaches it and the DAG side denies it: only the lower bound holds then.
            if (inFrontier < eligible || (!reorders() && inFrontier > eligible + paused - knownParked))
            {
                violation("frontier of " + executorClass + " holds " + inFrontier + " jobs, the journal has " + eligible
                    + " READY of DAGs not paused and " + paused + " of paused DAGs, " + knownParked + " of them surely parked");
            }
            if (inFrontier == eligible && knownParked < paused && !reorders())
            {
                // None of the paused DAGs' ready jobs is in the frontier: all are parked, until their DAG resumes.
                for (final JobRec rec : pausedReady)
                {
                    markParked(rec);
                }
            }
            if (core.usedSlots(executorClass) != liveLeasesByClass.get(executorClass))
            {
                violation("class " + executorClass + " uses " + core.usedSlots(executorClass) + " slots, the journal holds "
                    + liveLeasesByClass.get(executorClass) + " leases");
            }
            // Planning a class with a free slot drains its frontier: it leases eligible jobs and parks the paused
            // DAGs' ones, so nothing at all may be left in it.
            if (inFrontier > 0 && core.freeSlots(executorClass) > 0 && !schedulerPaused && !pausedClasses.contains(executorClass)
                && !refusedClassesThisBatch.contains(executorClass))
            {
                violation(eligible > 0
                    ? "lost wake-up: class " + executorClass + " has " + eligible + " ready jobs and " + core.freeSlots(executorClass)
                        + " free slots after planning"
                    : "class " + executorClass + " has " + core.freeSlots(executorClass) + " free slots after planning, yet "
                        + inFrontier + " ready jobs of paused DAGs were left in its frontier instead of parked");
            }
        }
        refusedClassesThisBatch.clear();
        checkJournalAndDeadlines();
    }

    /** The end-of-batch checks that need only the journal and the clock. */
    private void checkJournalAndDeadlines()
    {
        for (final DagRec dag : pauseFlippedThisBatch)
        {
            if (!dag.state.isTerminal() && (dag.state == DagState.PAUSED) != dag.paused)
            {
                violation("DAG " + dag.dagId + " was " + (dag.paused ? "paused" : "resumed") + " but is journaled " + dag.state);
            }
        }
        pauseFlippedThisBatch.clear();

        for (final JobRec lease : liveLeases)
        {
            if (now > lease.leaseExpiresAtMs + SLACK_MS)
            {
                violation("lease " + leaseText(lease) + " expired at " + lease.leaseExpiresAtMs + " and was not revoked");
            }
            if (lease.runTimeoutMs > 0 && now > lease.leasedAtMs + lease.runTimeoutMs + SLACK_MS)
            {
                violation("lease " + leaseText(lease) + " ran past its run timeout of " + lease.runTimeoutMs + " ms");
            }
        }
        for (final Map.Entry<Long, Long> entry : lastHeartbeatMs.entrySet())
        {
            if (knownInstances.containsKey(entry.getKey()) && now > entry.getValue() + HEARTBEAT_TIMEOUT_MS + SLACK_MS)
            {
                violation("executor " + entry.getKey() + " silent since " + entry.getValue() + " is still not lost");
            }
        }
        for (final JobRec waiting : retryWaiting)
        {
            if (now > waiting.retryWaitSinceMs + maxBackoffMs(waiting.retry, waiting.retryAttempts) + SLACK_MS)
            {
                violation("job " + waiting + " still backing off since " + waiting.retryWaitSinceMs);
            }
        }
        for (final DagRec dag : activeDags.values())
        {
            for (final JobRec job : dag.jobs)
            {
                if (job.hardDeadlineMs > 0 && (job.state == JobState.WAITING || job.state == JobState.READY
                    || job.state == JobState.RETRY_WAIT) && now > dag.submittedAtMs + job.hardDeadlineMs + SLACK_MS)
                {
                    violation("job " + job + " is " + job.state + " past its hard deadline");
                }
            }
        }
        batchIndex++;
    }

    private void finalChecks()
    {
        if (core.activeDagCount() != 0)
        {
            violation("quiescent, yet the core still holds " + core.activeDagCount() + " DAGs");
        }
        for (final String executorClass : CLASSES)
        {
            if (core.usedSlots(executorClass) != 0 || core.readyJobs(executorClass) != 0)
            {
                violation("quiescent, yet " + executorClass + " has " + core.usedSlots(executorClass) + " slots used and "
                    + core.readyJobs(executorClass) + " ready jobs");
            }
        }
        int accepted = 0;
        for (final DagRec dag : dags.values())
        {
            if (dag.lostWithOwner || dag.ackLost)
            {
                continue; // the client was told nothing: it retries, and a journaled one ran anyway
            }
            if (dag.rejectedInFavourOf != 0 ? !dag.rejectionTold : !dag.acked)
            {
                violation("DAG " + dag.dagId + " was never acknowledged nor refused");
            }
            if (dag.acked && !dag.state.isTerminal())
            {
                violation("acknowledged DAG " + dag.dagId + " is lost: journaled " + dag.state);
            }
            accepted += dag.rejectedInFavourOf == 0 ? 1 : 0;
        }
        // Each owner counts the DAGs it completed; across owners a DAG can be counted by none (ended in the journal
        // write the owner died in) or by two (completed in memory, lost, completed again): only one owner is exact.
        if (crashes == 0 && counters.dagsCompleted() != accepted)
        {
            violation(counters.dagsCompleted() + " DAGs completed of " + accepted + " accepted");
        }
    }

    // ------------------------------------------------------------------ the recording journal

    private final class RecordingJournal implements SchedulerJournal
    {
        /** Its owner froze and was replaced: the grid refuses its writes, as every DAG it holds has a newer owner. */
        boolean frozen;

        @Override
        public void write(final JournalBatch b)
        {
            if (frozen)
            {
                refuseFrozenOwner(b);
            }
            settle();
            mix(0xBA7C4);
            for (int i = 0; i < b.createdDagCount(); i++)
            {
                final DagRec dag = dags.get(b.createdDagId(i));
                if (dag == null || dag.created || dag.plan != b.createdDagPlan(i) || dag.rejectedInFavourOf != 0)
                {
                    violation("unexpected DAG creation " + b.createdDagId(i));
                }
                dag.created = true;
                activeDags.put(dag.dagId, dag);
            }

            final long tokenFloor = maxTokenSeen;
            final List<JobRec> changed = new ArrayList<>(b.jobCount());
            final List<JobRec> fresh = new ArrayList<>();
            final List<JobRec> readiedByEvents = new ArrayList<>();
            final List<JobRec> readiedByTimers = new ArrayList<>();
            final List<JobRec> maybeReadiedByTimers = new ArrayList<>();
            for (int i = 0; i < b.jobCount(); i++)
            {
                final DagRec dag = dags.get(b.jobDagId(i));
                if (dag == null || !dag.created)
                {
                    violation("job change journaled for unknown DAG " + b.jobDagId(i));
                }
                final JobRec rec = dag.jobs[b.jobIndex(i)];
                final JobState prev = rec.state;
                final JobState next = b.jobState(i);
                final long token = b.jobFencingToken(i);
                mix(dag.dagId * 131 + rec.index * 17 + next.ordinal() * 7 + token);
                if (prev.isTerminal())
                {
                    violation("job " + rec + " was journaled " + prev + " and is journaled again as " + next);
                }
                if (next.holdsLease())
                {
                    if (!rec.leaseLive && token == rec.token)
                    {
                        violation("job " + rec + " holds lease token " + token + " again after it ended");
                    }
                    if (token != rec.token)
                    {
                        if (next != JobState.LEASED || token <= tokenFloor)
                        {
                            violation("job " + rec + " journaled " + next + " with token " + token + " not above " + tokenFloor);
                        }
                        maxTokenSeen = Math.max(maxTokenSeen, token);
                        if (token >>> SchedulerContext.TOKEN_COUNTER_BITS != ownerEpoch)
                        {
                            violation("job " + rec + " leased with token " + token + " outside the owner's epoch " + ownerEpoch);
                        }
                        if (b.jobAttempts(i) < 1 || b.jobAttempts(i) > rec.retry.maxAttempts())
                        {
                            violation("job " + rec + " leased for attempt " + b.jobAttempts(i) + " of " + rec.retry.maxAttempts());
                        }
                        endLease(rec);
                        rec.leasedAtMs = now;
                        rec.leaseExpiresAtMs = now + LEASE_TIMEOUT_MS;
                        rec.started = false;
                        fresh.add(rec);
                        freshTokensThisBatch.put(token, rec);
                    }
                    rec.executorId = b.jobExecutorId(i);
                    if (next == JobState.RUNNING)
                    {
                        rec.started = true;
                    }
                }
                else
                {
                    if (rec.leaseLive && token == rec.token && next != JobState.SUCCEEDED)
                    {
                        checkLeaseEnd(rec, b.jobError(i));
                    }
                    endLease(rec);
                }
                if (prev == JobState.RETRY_WAIT && next != JobState.RETRY_WAIT && (next == JobState.READY || next.holdsLease()))
                {
                    final long minBackoff = minBackoffMs(rec.retry, rec.retryAttempts);
                    if (b.jobReadyAtEpochMs(i) - rec.retryWaitSinceMs < minBackoff)
                    {
                        violation("job " + rec + " became ready " + (b.jobReadyAtEpochMs(i) - rec.retryWaitSinceMs)
                            + " ms into a backoff of at least " + minBackoff + " ms");
                    }
                }
                // Did it enter the frontier in this batch? A waiting job can only do so in an event (submission, a
                // parent's success), in journal order; a retry only in housekeeping, after the events. A job that
                // ended CANCELLED or EXPIRED may have passed through the frontier within the batch, or not.
                final boolean readied = next == JobState.READY || (next.holdsLease() && token != rec.token);
                final boolean mayHaveBeenReadied = next == JobState.CANCELLED || next == JobState.EXPIRED;
                rec.maybeReadied = false;
                if (prev == JobState.WAITING && (readied || mayHaveBeenReadied))
                {
                    rec.maybeReadied = !readied;
                    readiedByEvents.add(rec);
                }
                else if (prev != JobState.WAITING && prev != JobState.READY && readied)
                {
                    readiedByTimers.add(rec);
                }
                else if (prev != JobState.WAITING && prev != JobState.READY && mayHaveBeenReadied)
                {
                    maybeReadiedByTimers.add(rec);
                }
                if (prev == JobState.READY && next.holdsLease() && token != rec.token && rec.wasParked)
                {
                    unparkedLeases++; // parked while its DAG was paused, put back on resume and now leased
                }
                rec.token = token;
                rec.attempts = b.jobAttempts(i);
                rec.readyAtMs = b.jobReadyAtEpochMs(i);
                rec.error = b.jobError(i);
                if (next == JobState.RETRY_WAIT && (prev != JobState.RETRY_WAIT || rec.attempts != rec.retryAttempts))
                {
                    rec.retryWaitSinceMs = now;
                    rec.retryAttempts = rec.attempts;
                }
                mirrorState(rec, next);
                if (next.holdsLease())
                {
                    startLease(rec);
                }
                if (next == JobState.SUCCEEDED)
                {
                    succeededJobs++;
                }
                if ((next == JobState.FAILED || next == JobState.EXPIRED) && dag.plan.failurePolicy() == FailurePolicy.FAIL_FAST)
                {
                    dag.failFastBatch = Math.min(dag.failFastBatch, batchIndex);
                }
                changed.add(rec);
            }

            if (reorders())
            {
                // The JobReady messages of one batch reach the class side in any order, and a DAG's fair clock in a
                // class advances in arrival order: within one DAG and class, they share the range of tags.
                final List<JobRec> certain = new ArrayList<>(readiedByTimers);
                final List<JobRec> maybe = new ArrayList<>(maybeReadiedByTimers);
                for (final JobRec rec : readiedByEvents)
                {
                    (rec.maybeReadied ? maybe : certain).add(rec);
                }
                rankReadied(List.of(), certain, maybe);
            }
            else
            {
                rankReadied(readiedByEvents, readiedByTimers, maybeReadiedByTimers);
            }
            for (final JobRec rec : changed)
            {
                checkJournaledJob(rec);
            }
            for (final JobRec rec : fresh)
            {
                checkFreshLease(rec);
            }
            if (linkFaults != LinkFaults.DELAYED)
            {
                // A delayed JobReady joins its frontier when it arrives, batches after the journal readied it, and
                // ranks by that arrival: the order within a class is checked in the other modes.
                checkPriorities(fresh);
            }
            for (final JobRec rec : changed)
            {
                if (rec.dag.failFastBatch == batchIndex)
                {
                    for (final JobRec job : rec.dag.jobs)
                    {
                        if (job.leaseLive)
                        {
                            expectStop(job, job.token, "fail-fast DAG " + rec.dag.dagId + " failed but " + leaseText(job) + " was not told to stop");
                        }
                    }
                }
            }

            for (int i = 0; i < b.dagStateCount(); i++)
            {
                final DagRec dag = dags.get(b.dagId(i));
                final DagState next = b.dagState(i);
                mix(dag.dagId * 7 + next.ordinal());
                checkDag(dag, next);
            }
            for (final JobRec rec : changed)
            {
                // The core ends a DAG in the event that ends its last job, paused or not (the end replaces PAUSED).
                if (rec.dag.terminalJobs == rec.dag.jobs.length && !rec.dag.state.isTerminal())
                {
                    violation("every job of DAG " + rec.dag.dagId + " is journaled terminal, yet the DAG is journaled "
                        + rec.dag.state + ": " + rec.dag.describe());
                }
            }
            if (counters.jobsSucceeded() + succeededBase != succeededJobs)
            {
                violation("core counted " + counters.jobsSucceeded() + " successes, the journal holds " + succeededJobs);
            }
            record(b);
            if (dieInJournal)
            {
                dieInJournal = false;
                traceLine("  owner dies right after its journal write");
                throw new OwnerDied();
            }
        }

        private void refuseFrozenOwner(final JournalBatch b)
        {
            if (b.createdDagCount() > 0)
            {
                violation("a frozen owner created DAG " + b.createdDagId(0) + " though it was sent no submission");
            }
            for (int i = 0; i < b.jobCount(); i++)
            {
                if (!durable.containsKey(b.jobDagId(i)))
                {
                    violation("a frozen owner wrote DAG " + b.jobDagId(i) + ", which no owner ever made durable");
                }
            }
            traceLine("  frozen owner's journal write refused: " + b.jobCount() + " job change(s)");
            throw new OwnershipLostException("every DAG of the batch is held by owner epoch " + ownerEpoch);
        }

        /** Keeps the batch as the grid would, for a later owner to adopt. */
        private void record(final JournalBatch b)
        {
            for (int i = 0; i < b.createdDagCount(); i++)
            {
                final DagPlan plan = b.createdDagPlan(i);
                durable.put(b.createdDagId(i), new Durable(plan, b.createdDagSubmittedAtEpochMs(i)));
                if (plan.referenceKey() != null)
                {
                    durableReferences.put(plan.referenceKey(), b.createdDagId(i));
                }
            }
            for (int i = 0; i < b.jobCount(); i++)
            {
                final Durable d = durable.get(b.jobDagId(i));
                final int j = b.jobIndex(i);
                d.jobStates[j] = b.jobState(i);
                d.attempts[j] = b.jobAttempts(i);
                d.tokens[j] = b.jobFencingToken(i);
                d.executorIds[j] = b.jobExecutorId(i);
                d.readyAt[j] = b.jobReadyAtEpochMs(i);
                d.dispatchedAt[j] = b.jobDispatchedAtEpochMs(i);
                d.startedAt[j] = b.jobStartedAtEpochMs(i);
                d.finishedAt[j] = b.jobFinishedAtEpochMs(i);
                d.errors[j] = b.jobError(i);
                d.cancelRequested[j] = b.jobCancelRequested(i);
            }
            for (int i = 0; i < b.dagStateCount(); i++)
            {
                final Durable d = durable.get(b.dagId(i));
                d.state = b.dagState(i);
                d.cancelled = b.dagCancelled(i);
            }
        }
    }

    /** One DAG as the journal holds it (what the grid's DagRunRecord keeps). */
    private static final class Durable
    {
        final DagPlan plan;
        final long submittedAtMs;
        DagState state = DagState.PENDING;
        boolean cancelled;
        final JobState[] jobStates;
        final int[] attempts;
        final long[] tokens;
        final long[] executorIds;
        final long[] readyAt;
        final long[] dispatchedAt;
        final long[] startedAt;
        final long[] finishedAt;
        final String[] errors;
        final boolean[] cancelRequested;

        Durable(final DagPlan plan, final long submittedAtMs)
        {
            this.plan = plan;
            this.submittedAtMs = submittedAtMs;
            final int n = plan.jobCount();
            jobStates = new JobState[n];
            java.util.Arrays.fill(jobStates, JobState.WAITING);
            attempts = new int[n];
            tokens = new long[n];
            executorIds = new long[n];
            readyAt = new long[n];
            dispatchedAt = new long[n];
            startedAt = new long[n];
            finishedAt = new long[n];
            errors = new String[n];
            cancelRequested = new boolean[n];
        }

        AdoptedDag adopted(final long dagId)
        {
            return new AdoptedDag(dagId, plan, submittedAtMs, state, cancelled, jobStates.clone(), attempts.clone(), tokens.clone(),
                executorIds.clone(), readyAt.clone(), dispatchedAt.clone(), startedAt.clone(), finishedAt.clone(), errors.clone(),
                cancelRequested.clone());
        }
    }

    /** A lease journaled as ended, other than by success: the reason must be true and not premature. */
    private void checkLeaseEnd(final JobRec rec, final String error)
    {
        if (reorders() && refusedTokens.contains(rec.token))
        {
            // The class side refused a grant it could no longer dispatch (its reservation let go, its class paused
            // since the request, its stop already asked for), and the DAG side has now journaled the end of it.
        }
        else if (error == null)
        {
            violation("lease " + leaseText(rec) + " ended without a reason");
        }
        else if (error.startsWith("lease expired"))
        {
            expectStop(rec, rec.token, "lease " + leaseText(rec) + " revoked (" + error + ") without telling its executor to stop");
            if (now < rec.leaseExpiresAtMs)
            {
                violation("lease " + leaseText(rec) + " expired at " + now + ", before its expiry at " + rec.leaseExpiresAtMs);
            }
        }
        else if (error.startsWith("run timeout"))
        {
            expectStop(rec, rec.token, "lease " + leaseText(rec) + " revoked (" + error + ") without telling its executor to stop");
            if (rec.runTimeoutMs <= 0 || now < rec.leasedAtMs + rec.runTimeoutMs)
            {
                violation("lease " + leaseText(rec) + " timed out at " + now + " with run timeout " + rec.runTimeoutMs);
            }
        }
        else if (error.startsWith("executor ") || error.startsWith("hard deadline") || error.startsWith("fail-fast"))
        {
            // Executor loss: forget() checks its timing. A hard deadline or fail-fast can end the job in the same
            // housekeeping pass that revoked the lease and overwrite the reason; their own checks cover them.
        }
        else if (error.startsWith("sim:"))
        {
            if (rec.failureAcceptedToken != rec.token)
            {
                violation("lease " + leaseText(rec) + " ended with the executor's error '" + error + "' that was not accepted");
            }
        }
        else
        {
            violation("lease " + leaseText(rec) + " ended for an unknown reason: " + error);
        }
    }

    private void checkJournaledJob(final JobRec rec)
    {
        final DagRec dag = rec.dag;
        switch (rec.state)
        {
            case READY, LEASED, RUNNING, SUCCEEDED -> {
                for (final int parent : dag.plan.parents(rec.index))
                {
                    if (dag.jobs[parent].state != JobState.SUCCEEDED)
                    {
                        violation("job " + rec + " is " + rec.state + " while its parent " + dag.jobs[parent] + " is "
                            + dag.jobs[parent].state);
                    }
                }
            }
            case RETRY_WAIT -> {
                if (rec.attempts >= rec.retry.maxAttempts())
                {
                    violation("job " + rec + " waits to retry after " + rec.attempts + " of " + rec.retry.maxAttempts() + " attempts");
                }
            }
            case FAILED -> {
                if (rec.attempts < rec.retry.maxAttempts() && rec.nonRetryableToken != rec.token)
                {
                    violation("job " + rec + " failed for good after " + rec.attempts + " of " + rec.retry.maxAttempts()
                        + " attempts without a non-retryable failure (" + rec.error + ")");
                }
            }
            case SKIPPED -> {
                boolean cause = false;
                for (final int parent : dag.plan.parents(rec.index))
                {
                    final JobState p = dag.jobs[parent].state;
                    cause |= p == JobState.FAILED || p == JobState.EXPIRED || p == JobState.SKIPPED;
                }
                if (!cause)
                {
                    violation("job " + rec + " skipped though no parent failed, expired or was skipped");
                }
            }
            case EXPIRED -> {
                if (rec.hardDeadlineMs <= 0 || now < dag.submittedAtMs + rec.hardDeadlineMs)
                {
                    violation("job " + rec + " expired at " + now + " before its hard deadline " + rec.hardDeadlineMs);
                }
            }
            case CANCELLED -> checkCancelCause(rec);
            default -> {
            }
        }
    }

    private void checkCancelCause(final JobRec rec)
    {
        final DagRec dag = rec.dag;
        if (dag.cancelBatch <= batchIndex || dag.failFastBatch <= batchIndex || rec.cancelBatch <= batchIndex)
        {
            return;
        }
        long ancestors = dag.ancestors[rec.index];
        String afterSuccess = null;
        while (ancestors != 0)
        {
            final JobRec ancestor = dag.jobs[Long.numberOfTrailingZeros(ancestors)];
            ancestors &= ancestors - 1;
            if (ancestor.cancelBatch <= batchIndex)
            {
                return;
            }
            if (ancestor.cancelAfterSuccessBatch <= batchIndex)
            {
                afterSuccess = ancestor.toString();
            }
        }
        if (afterSuccess != null)
        {
            violation("job " + rec + " was cancelled ('" + rec.error + "') because its ancestor " + afterSuccess
                + " was cancelled after it had already succeeded");
        }
        violation("job " + rec + " was cancelled ('" + rec.error + "') with no cancel of it, an ancestor or its DAG, and no fail-fast");
    }

    private void checkFreshLease(final JobRec rec)
    {
        final DagRec dag = rec.dag;
        final String executorClass = rec.executorClass;
        dag.leases++;
        final Map<String, Integer> slots = knownInstances.get(rec.executorId);
        final boolean paused = schedulerPaused || pausedClasses.contains(executorClass);
        if (linkFaults == LinkFaults.DELAYED && (paused || slots == null || !slots.containsKey(executorClass)))
        {
            // Requested before the pause or the executor's loss, granted after: the class side must refuse it.
            mustNotDispatch.add(rec.token);
            return;
        }
        if (paused)
        {
            violation("job " + rec + " leased while " + (schedulerPaused ? "the scheduler" : "class " + executorClass) + " is paused");
        }
        if (dag.cancelBatch <= batchIndex || rec.cancelBatch <= batchIndex || dag.failFastBatch <= batchIndex)
        {
            violation("job " + rec + " leased after its DAG or itself was cancelled or its fail-fast DAG failed (DAG cancel batch "
                + dag.cancelBatch + ", job cancel batch " + rec.cancelBatch + ", fail-fast batch " + dag.failFastBatch + ", now "
                + batchIndex + (dag.adopted ? ", adopted" : "") + "): " + dag.describe());
        }
        if (dag.paused)
        {
            violation("job " + rec + " leased while its DAG " + dag.dagId + " is paused");
        }
        if (slots == null || !slots.containsKey(executorClass))
        {
            violation("job " + rec + " leased on instance " + rec.executorId + " that does not serve " + executorClass);
        }
    }

    /**
     * The planner's rule: within a class the highest rank goes first, ties to the job that entered the frontier
     * first. After a batch that leased jobs of a class, no job of that class still READY (the frontier as planning
     * left it: the journal is written right after planning) may rank before one of them.
     *
     * <p>The rank is the one {@link SlaFairRanking} documents (docs/architecture.md, "Planning policy"), computed
     * here on its own from the job's priority, deadlines and the time it became ready, and the DAG's fair-share
     * clock per class. The journal cannot always tell in which order jobs of one DAG and class entered the frontier
     * within one batch, or whether a job cancelled in the batch passed through it; the mirror then keeps the
     * range of fair tags the job may have got, and only a waiting job certain to outrank a leased one is a
     * violation.
     */
    private void checkPriorities(final List<JobRec> fresh)
    {
        for (final JobRec leased : fresh)
        {
            if (leased.dag.adopted)
            {
                continue; // a new owner ranks adopted work afresh: its fair-share clocks start over
            }
            for (final JobRec waiting : readyByClass.get(leased.executorClass))
            {
                if (waiting.dag.adopted)
                {
                    continue;
                }
                final boolean outranks = waiting.rankLow > leased.rankHigh;
                final boolean olderTie = waiting.rankLow == leased.rankHigh && waiting.rankLow == waiting.rankHigh
                    && leased.rankLow == leased.rankHigh && waiting.readyKey < leased.readyKey;
                if (waiting.dag.paused)
                {
                    // Not eligible. Had it been in the frontier it would have reached the head before the leased job
                    // did, and been parked then; it cannot have entered since (only refused dispatches come back
                    // after planning, and those were just leased, so not of a paused DAG).
                    if (outranks || olderTie)
                    {
                        markParked(waiting);
                    }
                    continue;
                }
                priorityChecks++;
                if (waiting.satOutPause)
                {
                    resumedPriorityChecks++;
                }
                if (outranks || olderTie)
                {
                    violation("rank inversion in " + leased.executorClass + ": leased " + leased + " (priority " + leased.priority
                        + ", rank " + leased.rankLow + ".." + leased.rankHigh + ", ready at " + leased.readyAtMs + ") while " + waiting
                        + " (priority " + waiting.priority + ", rank " + waiting.rankLow + ".." + waiting.rankHigh + ", ready at "
                        + waiting.readyAtMs + ") waits");
                }
            }
        }
    }

    /**
     * Ranks the jobs that entered a frontier in the batch just journaled, all at {@link #now}. Each entry advances
     * its DAG's fair clock in its class by one, and the clock is kept as bounds (low, high): a job that may or may
     * not have passed through the frontier widens them. Jobs readied by events come first, in journal order (the
     * order of their first change in the batch, which for them is the entry); retries readied by housekeeping
     * follow in an order the journal does not show, so within one DAG and class they share the range of tags.
     */
    private void rankReadied(final List<JobRec> byEvents, final List<JobRec> byTimers, final List<JobRec> maybeByTimers)
    {
        final long nowRel = now - START_MS;
        for (final JobRec rec : byEvents)
        {
            final long[] clock = rec.dag.fairClock(rec.executorClass);
            if (!rec.maybeReadied)
            {
                rec.rankHigh = rank(rec, Math.max(nowRel, clock[0]));
                rec.rankLow = rank(rec, Math.max(nowRel, clock[1]));
                rec.readyKey = ++readyKey;
                clock[0] = Math.max(nowRel, clock[0]) + 1;
            }
            clock[1] = Math.max(nowRel, clock[1]) + 1;
        }
        if (byTimers.isEmpty() && maybeByTimers.isEmpty())
        {
            return;
        }
        final long timersKey = ++readyKey;
        final Map<DagRec, Map<String, int[]>> counts = new LinkedHashMap<>();
        for (final JobRec rec : byTimers)
        {
            counts.computeIfAbsent(rec.dag, d -> new TreeMap<>()).computeIfAbsent(rec.executorClass, c -> new int[2])[0]++;
        }
        for (final JobRec rec : maybeByTimers)
        {
            counts.computeIfAbsent(rec.dag, d -> new TreeMap<>()).computeIfAbsent(rec.executorClass, c -> new int[2])[1]++;
        }
        for (final Map.Entry<DagRec, Map<String, int[]>> perDag : counts.entrySet())
        {
            final DagRec dag = perDag.getKey();
            for (final Map.Entry<String, int[]> perClass : perDag.getValue().entrySet())
            {
                final long[] clock = dag.fairClock(perClass.getKey());
                final int certain = perClass.getValue()[0];
                final int maybe = perClass.getValue()[1];
                final long firstLow = Math.max(nowRel, clock[0]);
                final long firstHigh = Math.max(nowRel, clock[1]);
                for (final JobRec rec : byTimers)
                {
                    if (rec.dag == dag && rec.executorClass.equals(perClass.getKey()))
                    {
                        rec.rankHigh = rank(rec, firstLow);
                        rec.rankLow = rank(rec, firstHigh + certain + maybe - 1);
                        rec.readyKey = timersKey;
                    }
                }
                clock[0] = certain > 0 ? firstLow + certain : clock[0];
                clock[1] = firstHigh + certain + maybe;
            }
        }
    }

    /** A refused dispatch put the job back in the frontier: the sender sees these one at a time, in order. */
    private void rankRefused(final JobRec rec)
    {
        final long[] clock = rec.dag.fairClock(rec.executorClass);
        final long nowRel = now - START_MS;
        rec.rankHigh = rank(rec, Math.max(nowRel, clock[0]));
        rec.rankLow = rank(rec, Math.max(nowRel, clock[1]));
        rec.readyKey = ++readyKey;
        clock[0] = Math.max(nowRel, clock[0]) + 1;
        clock[1] = Math.max(nowRel, clock[1]) + 1;
    }

    /**
     * E(t) = base * LEVEL + (t - tag) + SLA_WEIGHT * (t - (deadline - HORIZON)), made time-invariant by subtracting
     * (1 + SLA_WEIGHT) * t; a job with no deadline gets tag + HORIZON. Times are relative to the core's start.
     */
    static long rank(final JobRec rec, final long tag)
    {
        final long level = Math.max(-SlaFairRanking.MAX_LEVEL, Math.min(SlaFairRanking.MAX_LEVEL, rec.priority));
        final long base = level * SlaFairRanking.LEVEL_MS;
        final long relativeDeadline = rec.softDeadlineMs > 0 ? rec.softDeadlineMs : rec.hardDeadlineMs;
        final long deadline = relativeDeadline > 0 ? rec.dag.submittedAtMs - START_MS + relativeDeadline : tag + SlaFairRanking.HORIZON_MS;
        return base - tag - SlaFairRanking.SLA_WEIGHT * (deadline - SlaFairRanking.HORIZON_MS);
    }

    private void checkDag(final DagRec dag, final DagState next)
    {
        final DagState prev = dag.state;
        if (prev.isTerminal())
        {
            violation("DAG " + dag.dagId + " was journaled " + prev + " and is journaled again as " + next);
        }
        if (next == DagState.PAUSED)
        {
            if (!dag.paused)
            {
                violation("DAG " + dag.dagId + " went from " + prev + " to PAUSED, but no pause holds it");
            }
            if (prev != DagState.PAUSED)
            {
                dagPauses++;
            }
        }
        else if (!next.isTerminal())
        {
            // Unpaused, a DAG is RUNNING once a job of it was leased, PENDING before: resuming returns it there. A
            // late grant the class side refused within the batch that issued it leaves no lease in the journal.
            if (next == DagState.RUNNING && dag.leases == 0 && linkFaults == LinkFaults.DELAYED)
            {
                dag.leases = 1;
            }
            final DagState expected = dag.leases > 0 ? DagState.RUNNING : DagState.PENDING;
            if (next != expected || dag.paused)
            {
                violation("DAG " + dag.dagId + " went from " + prev + " to " + next + " after " + dag.leases + " leases"
                    + (dag.paused ? ", though it is paused" : ", expected " + expected));
            }
            if (prev == DagState.PAUSED)
            {
                dagResumes++;
            }
        }
        else if (prev == DagState.PAUSED)
        {
            pausedDagsEnded++; // running jobs finished, or the rest expired or was cancelled, while it was paused
        }
        dag.state = next;
        if (!next.isTerminal())
        {
            return;
        }
        activeDags.remove(dag.dagId);
        boolean allSucceeded = true;
        for (final JobRec rec : dag.jobs)
        {
            if (!rec.state.isTerminal())
            {
                violation("DAG " + dag.dagId + " journaled " + next + " while job " + rec + " is " + rec.state);
            }
            allSucceeded &= rec.state == JobState.SUCCEEDED;
        }
        final DagState expected;
        if (dag.cancelBatch < batchIndex)
        {
            expected = DagState.CANCELLED;
        }
        else if (next == DagState.CANCELLED && dag.cancelBatch == batchIndex)
        {
            expected = DagState.CANCELLED; // the cancel and the last job's end raced in one batch
        }
        else
        {
            expected = allSucceeded ? DagState.SUCCEEDED : DagState.FAILED;
        }
        if (next != expected)
        {
            violation("DAG " + dag.dagId + " ended " + next + ", expected " + expected + ": " + dag.describe());
        }
    }

    // ------------------------------------------------------------------ the sender: the executors' side of the wire

    private final class SimSender implements DispatchSender
    {
        /** Its owner froze and was replaced: nothing may leave it any more. */
        boolean frozen;

        @Override
        public boolean sendDispatch(
            final long instanceId,
            final long dagId,
            final int jobIndex,
            final int attempt,
            final long fencingToken,
            final long deadlineEpochMs,
            final String executorClass,
            final String jobId,
            final byte[] payload)
        {
            if (frozen && linkFaults == LinkFaults.DELAYED && fencingToken >>> SchedulerContext.TOKEN_COUNTER_BITS < ownerEpoch
                && fencingToken <= maxTokenSeen)
            {
                // A grant journaled before the freeze reached the frozen core's class side after it: the lease was
                // durable, and the executors have moved to the newer owner, so the old link has no one to take it.
                traceLine("  frozen owner's dispatch refused " + dagId + "/" + jobIndex + " tok=" + fencingToken);
                return false;
            }
            if (frozen)
            {
                violation("a frozen owner sent dispatch " + dagId + "/" + jobIndex + " tok=" + fencingToken);
            }
            settle();
            final JobRec rec = job(dagId, jobIndex);
            if (rec == null || rec.state != JobState.LEASED || rec.token != fencingToken || rec.executorId != instanceId
                || rec.attempts != attempt)
            {
                violation("dispatch of " + dagId + "/" + jobIndex + " token " + fencingToken + " attempt " + attempt + " to " + instanceId
                    + " that the journal does not hold: " + (rec == null ? "no such job" : rec.state + " " + leaseText(rec)));
            }
            if (!dispatchedTokens.add(fencingToken))
            {
                violation("token " + fencingToken + " dispatched twice");
            }
            if (mustNotDispatch.contains(fencingToken))
            {
                violation("token " + fencingToken + " dispatched, though its class was paused or its executor lost before the grant");
            }
            if (!knownInstances.containsKey(instanceId))
            {
                violation("dispatch to instance " + instanceId + " that the core had lost");
            }
            final long expectedDeadline = rec.hardDeadlineMs > 0 ? rec.dag.submittedAtMs + rec.hardDeadlineMs : 0;
            if (!executorClass.equals(rec.executorClass) || !jobId.equals(rec.dag.plan.jobId(jobIndex))
                || deadlineEpochMs != expectedDeadline)
            {
                violation("dispatch of " + rec + " carries the wrong class, id or deadline");
            }
            final SimExecutor executor = executors.get(instanceId);
            final boolean refuse = random.nextDouble() < backPressureRate || (!executor.alive && random.nextBoolean());
            traceLine((refuse ? "  dispatch refused " : "  dispatch ") + rec + " tok=" + fencingToken + " -> " + instanceId);
            mix(fencingToken * 3 + (refuse ? 1 : 0));
            if (refuse)
            {
                // The core puts the job back in the frontier at once; the next journal write will say so too.
                backPressure++;
                refusedTokens.add(fencingToken);
                refusedClassesThisBatch.add(executorClass);
                endLease(rec);
                rec.readyAtMs = now;
                mirrorState(rec, JobState.READY);
                if (reorders())
                {
                    refusedThisBatch.add(rec); // their JobReady messages arrive in any order: ranked together after the batch
                }
                else
                {
                    rankRefused(rec);
                }
                return false;
            }
            dispatches++;
            final Task task = new Task(rec.dag.dagId, jobIndex, fencingToken, rec.toString());
            schedule(now + latency(), () -> executor.receive(task));
            return true;
        }

        @Override
        public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
        {
            if (frozen)
            {
                violation("a frozen owner sent a cancel of " + dagId + "/" + jobIndex + " tok=" + fencingToken);
            }
            settle();
            // Over a delayed link a stop can overtake its lease's grant; the class side sends it anyway (the executor
            // ignores a stop for a lease it does not hold), and the dispatch may follow: cancelling a running job is
            // a request, which its executor may finish first.
            if (!dispatchedTokens.contains(fencingToken) && linkFaults != LinkFaults.DELAYED)
            {
                violation("cancel of token " + fencingToken + " for " + dagId + "/" + jobIndex + " that was never dispatched");
            }
            traceLine("  cancel " + dagId + "/" + jobIndex + " tok=" + fencingToken + " -> " + instanceId);
            cancelledTokens.add(fencingToken);
            final SimExecutor executor = executors.get(instanceId);
            if (executor != null)
            {
                schedule(now + latency(), () -> executor.cancel(fencingToken));
            }
            return true;
        }

        @Override
        public void forget(final long instanceId)
        {
            if (frozen)
            {
                return; // it drops its own link to the instance, which is all forgetting does
            }
            if (current != null && current.type == SchedulerEvent.EXECUTOR_REGISTERED && current.instanceId == instanceId)
            {
                // The transport has already linked the new registration; forgetting now would cut it off.
                violation("executor " + instanceId + " re-registered and the core forgot its new link");
            }
            settle();
            traceLine("  forget " + instanceId);
            final Long last = lastHeartbeatMs.get(instanceId);
            if (!knownInstances.containsKey(instanceId) || last == null || now - last <= HEARTBEAT_TIMEOUT_MS)
            {
                violation("executor " + instanceId + " lost at " + now + ", last heartbeat " + last + ", timeout " + HEARTBEAT_TIMEOUT_MS);
            }
            knownInstances.remove(instanceId);
            final SimExecutor executor = executors.get(instanceId);
            executor.forgotten = true;
        }
    }

    private final class Ack implements SubmissionCallback
    {
        private final long dagId;

        Ack(final long dagId)
        {
            this.dagId = dagId;
        }

        @Override
        public void onAccepted(final long id)
        {
            settle();
            final DagRec dag = dags.get(dagId);
            if (id != dagId || !dag.created || dag.acked || dag.rejectedInFavourOf != 0)
            {
                violation("acknowledgement of DAG " + id + " before it was journaled, or twice");
            }
            dag.acked = true;
        }

        @Override
        public void onDuplicate(final long id, final long existingDagId)
        {
            settle();
            final DagRec dag = dags.get(dagId);
            if (id != dagId || dag.rejectedInFavourOf != existingDagId || dag.created || dag.rejectionTold)
            {
                violation("DAG " + id + " refused as a duplicate of " + existingDagId + ", expected "
                    + (dag.rejectedInFavourOf == 0 ? "acceptance" : "a refusal in favour of " + dag.rejectedInFavourOf));
            }
            dag.rejectionTold = true;
        }

        @Override
        public void onFailed(final long id, final String reason)
        {
            violation("submission of DAG " + id + " refused: " + reason);
        }
    }

    // ------------------------------------------------------------------ executors

    private enum Behaviour
    {
        SUCCEED, ZERO_TIME, FAIL_RETRYABLE, FAIL_FATAL, HANG, LATE, DUPLICATE, REORDER, LONG_RENEWED
    }

    private static final class Task
    {
        final long dagId;
        final int job;
        final long token;
        final String name;
        boolean renewing = true;
        boolean hung;
        boolean done;

        Task(final long dagId, final int job, final long token, final String name)
        {
            this.dagId = dagId;
            this.job = job;
            this.token = token;
            this.name = name;
        }
    }

    /**
     * One executor process. It may crash (stops everything, forgets its tasks; may restart and register under the
     * same id), freeze (a long GC pause or a partition: nothing it does happens until it thaws, then its late
     * messages go out), or re-register while alive (a link blip). Its messages to the core leave in order, with
     * random latency; faults that reorder do it explicitly.
     */
    private final class SimExecutor
    {
        final long id;
        final Map<String, Integer> slots;
        final long heartbeatPeriodMs;
        int incarnation;
        boolean alive;
        boolean forgotten;
        long frozenUntil;
        long lastSentAt;
        final Map<Long, Task> tasks = new LinkedHashMap<>();

        SimExecutor(final long id, final Map<String, Integer> slots)
        {
            this.id = id;
            this.slots = slots;
            this.heartbeatPeriodMs = 250 + random.nextInt(250);
        }

        void start()
        {
            alive = true;
            incarnation++;
            forgotten = false;
            tasks.clear();
            register();
            final int inc = incarnation;
            later(heartbeatPeriodMs, inc, () -> heartbeat(inc));
        }

        void register()
        {
            send(Message.register(new ExecutorDescriptor(id, "sim", "sim", "1", Set.of(), slots)));
        }

        void crash()
        {
            alive = false;
            incarnation++;
            tasks.clear();
        }

        /** Runs {@code action} after {@code delayMs} if this incarnation is still alive, once it is not frozen. */
        void later(final long delayMs, final int inc, final Runnable action)
        {
            schedule(now + delayMs, () -> whenAwake(inc, action));
        }

        private void whenAwake(final int inc, final Runnable action)
        {
            if (!alive || inc != incarnation)
            {
                return;
            }
            if (now < frozenUntil)
            {
                schedule(frozenUntil, () -> whenAwake(inc, action));
                return;
            }
            action.run();
        }

        void heartbeat(final int inc)
        {
            if (forgotten)
            {
                // The link was closed under it: it registers again, and the tasks it still runs become zombies.
                forgotten = false;
                register();
            }
            send(Message.heartbeat(id));
            for (final Task task : tasks.values())
            {
                if (task.renewing && !task.done)
                {
                    send(Message.renew(id, task.dagId, task.job, task.token));
                }
            }
            later(heartbeatPeriodMs, inc, () -> heartbeat(inc));
        }

        void send(final Message message)
        {
            final long at = Math.max(now + latency(), lastSentAt);
            lastSentAt = at;
            enqueue(at, message);
        }

        /** A dispatch reached the process (whatever incarnation runs under this id now). */
        void receive(final Task task)
        {
            if (!alive)
            {
                return;
            }
            whenAwake(incarnation, () -> runTask(task));
        }

        private void runTask(final Task task)
        {
            final int inc = incarnation;
            tasks.put(task.token, task);
            final Behaviour behaviour = pickBehaviour();
            final long startDelay = random.nextInt(30);
            final long duration = switch (behaviour)
            {
                case ZERO_TIME -> 0;
                case LONG_RENEWED -> LEASE_TIMEOUT_MS + random.nextInt((int)(2 * LEASE_TIMEOUT_MS));
                case LATE -> LEASE_TIMEOUT_MS + 200 + random.nextInt(2_000);
                default -> startDelay + random.nextInt(random.nextInt(4) == 0 ? 1_500 : 300);
            };
            if (behaviour == Behaviour.HANG || behaviour == Behaviour.LATE)
            {
                task.renewing = false;
            }
            task.hung = behaviour == Behaviour.HANG;
            if (behaviour != Behaviour.REORDER && behaviour != Behaviour.ZERO_TIME && random.nextInt(10) != 0)
            {
                final boolean twice = random.nextInt(8) == 0; // the network delivers it twice
                later(startDelay, inc, () -> {
                    if (!task.done)
                    {
                        send(Message.callback(SchedulerEvent.JOB_STARTED, id, task, false, null));
                        if (twice)
                        {
                            send(Message.callback(SchedulerEvent.JOB_STARTED, id, task, false, null));
                        }
                    }
                });
            }
            if (behaviour == Behaviour.HANG)
            {
                return; // heartbeats go on, the lease is never renewed and no answer ever comes
            }
            final Runnable finish = () -> {
                if (task.done)
                {
                    return;
                }
                task.done = true;
                tasks.remove(task.token);
                switch (behaviour)
                {
                    case FAIL_RETRYABLE -> send(Message.callback(SchedulerEvent.JOB_FAILED, id, task, true, "sim: boom"));
                    case FAIL_FATAL -> send(Message.callback(SchedulerEvent.JOB_FAILED, id, task, false, "sim: fatal"));
                    case LATE -> send(Message.callback(
                        random.nextBoolean() ? SchedulerEvent.JOB_SUCCEEDED : SchedulerEvent.JOB_FAILED, id, task, random.nextBoolean(),
                        "sim: late"));
                    case DUPLICATE -> {
                        final int type = random.nextInt(4) == 0 ? SchedulerEvent.JOB_FAILED : SchedulerEvent.JOB_SUCCEEDED;
                        send(Message.callback(type, id, task, true, "sim: twice"));
                        send(Message.callback(random.nextBoolean() ? type : SchedulerEvent.JOB_STARTED, id, task, true, "sim: twice"));
                    }
                    case REORDER -> {
                        send(Message.callback(SchedulerEvent.JOB_SUCCEEDED, id, task, false, null));
                        send(Message.callback(SchedulerEvent.JOB_STARTED, id, task, false, null));
                    }
                    default -> send(Message.callback(SchedulerEvent.JOB_SUCCEEDED, id, task, false, null));
                }
            };
            if (duration == 0)
            {
                finish.run();
            }
            else
            {
                later(duration, inc, finish);
            }
        }

        /** The core asked it to stop a task: mostly it confirms with a Failed, sometimes it ignores the request. */
        void cancel(final long token)
        {
            if (!alive)
            {
                return;
            }
            whenAwake(incarnation, () -> {
                final Task task = tasks.get(token);
                if (task == null || task.done || task.hung || random.nextInt(4) == 0)
                {
                    return;
                }
                task.done = true;
                tasks.remove(token);
                send(Message.callback(SchedulerEvent.JOB_FAILED, id, task, random.nextBoolean(), "sim: cancelled"));
            });
        }

        private Behaviour pickBehaviour()
        {
            final double f = faultiness;
            final double[] weights = {55, 6, 10 * f, 2 * f, 3 * f, 4 * f, 5 * f, 4 * f, 5};
            double total = 0;
            for (final double w : weights)
            {
                total += w;
            }
            double r = random.nextDouble() * total;
            for (int i = 0; i < weights.length; i++)
            {
                r -= weights[i];
                if (r < 0)
                {
                    return Behaviour.values()[i];
                }
            }
            return Behaviour.SUCCEED;
        }
    }

    private SimExecutor newExecutor(final Map<String, Integer> fixedSlots)
    {
        final long id = 10 + executors.size();
        Map<String, Integer> slots = fixedSlots;
        if (slots == null)
        {
            slots = new TreeMap<>();
            final int classes = 1 + random.nextInt(2);
            for (int i = 0; i < classes; i++)
            {
                slots.put(CLASSES[random.nextInt(CLASSES.length)], 1 + random.nextInt(3));
            }
        }
        final SimExecutor executor = new SimExecutor(id, slots);
        executors.put(id, executor);
        executor.start();
        return executor;
    }

    // ------------------------------------------------------------------ the outside world: submissions and operators

    /** Every {@link #driverPeriodMs} or so, something happens from outside: mostly a submission. */
    private void driverTick()
    {
        if (draining)
        {
            return;
        }
        final int roll = random.nextInt(100);
        if (roll < 45)
        {
            if (activeDags.size() < 40)
            {
                submit();
            }
        }
        else if (roll < 49)
        {
            cancelSomething(true);
        }
        else if (roll < 54)
        {
            cancelSomething(false);
        }
        else if (roll < 57)
        {
            final String executorClass = random.nextInt(3) == 0 ? null : CLASSES[random.nextInt(CLASSES.length)];
            enqueue(now, Message.pause(true, executorClass));
            enqueue(now + 50 + random.nextInt(2_500), Message.pause(false, executorClass));
        }
        else if (roll < 59)
        {
            if (executors.size() < MAX_INSTANCES)
            {
                newExecutor(null);
            }
        }
        else if (roll < 59 + (int)(3 * faultiness))
        {
            final SimExecutor victim = anyAlive();
            if (victim != null)
            {
                traceLine("  crash " + victim.id);
                victim.crash();
                if (random.nextInt(10) < 6)
                {
                    schedule(now + 100 + random.nextInt(4_000), () -> {
                        if (!victim.alive)
                        {
                            traceLine("  restart " + victim.id);
                            victim.start();
                        }
                    });
                }
            }
        }
        else if (roll < 63 + (int)(3 * faultiness))
        {
            final SimExecutor victim = anyAlive();
            if (victim != null)
            {
                victim.frozenUntil = Math.max(victim.frozenUntil, now + 200 + random.nextInt(4_000));
                traceLine("  freeze " + victim.id + " until " + victim.frozenUntil);
            }
        }
        else if (roll < 65)
        {
            final SimExecutor victim = anyAlive();
            if (victim != null && now >= victim.frozenUntil)
            {
                traceLine("  relink " + victim.id);
                victim.register();
            }
        }
        else if (roll >= 67 && roll < 67 + dagPauseRolls)
        {
            pauseSomeDag();
        }
        else if (roll < 67 && !liveLeases.isEmpty())
        {
            // A callback carrying a live lease's token from another instance (a misrouted or confused executor).
            final JobRec lease = new ArrayList<>(liveLeases).get(random.nextInt(liveLeases.size()));
            final long wrongInstance = 10 + random.nextInt(executors.size());
            if (wrongInstance != lease.executorId)
            {
                final int type = new int[] {SchedulerEvent.JOB_STARTED, SchedulerEvent.JOB_SUCCEEDED, SchedulerEvent.JOB_FAILED}
                    [random.nextInt(3)];
                final Task forged = new Task(lease.dag.dagId, lease.index, lease.token, lease.toString());
                enqueue(now, Message.callback(type, wrongInstance, forged, false, "sim: misrouted"));
            }
        }
        schedule(now + 1 + random.nextInt((int)(2 * driverPeriodMs)), this::driverTick);
    }

    private SimExecutor anyAlive()
    {
        final List<SimExecutor> alive = new ArrayList<>();
        for (final SimExecutor executor : executors.values())
        {
            if (executor.alive)
            {
                alive.add(executor);
            }
        }
        return alive.isEmpty() ? null : alive.get(random.nextInt(alive.size()));
    }

    /**
     * An operator pauses one DAG (mostly one with ready work, which is then parked), and later resumes it, or
     * cancels it instead, or pauses it again, or resumes it at once (often in the same ring batch), or leaves it
     * paused until the drain resumes it. Sometimes the target has already ended, or was refused as a duplicate, and
     * the core ignores the request.
     */
    private void pauseSomeDag()
    {
        final List<DagRec> candidates = new ArrayList<>();
        final List<DagRec> withReadyWork = new ArrayList<>();
        for (final DagRec dag : activeDags.values())
        {
            candidates.add(dag);
            for (final JobRec rec : dag.jobs)
            {
                if (rec.state == JobState.READY)
                {
                    withReadyWork.add(dag);
                    break;
                }
            }
        }
        final int pick = random.nextInt(20);
        final DagRec dag;
        if (pick == 0 || candidates.isEmpty())
        {
            if (dags.isEmpty())
            {
                return;
            }
            dag = dags.get(1 + (long)random.nextInt(dags.size())); // any DAG: maybe ended, refused or not yet delivered
        }
        else if (pick < 12 && !withReadyWork.isEmpty())
        {
            dag = withReadyWork.get(random.nextInt(withReadyWork.size()));
        }
        else
        {
            dag = candidates.get(random.nextInt(candidates.size()));
        }
        dag.pauseTargeted = true;
        enqueue(now, Message.pauseDag(dag.dagId, true));
        final int then = random.nextInt(20);
        if (then < 11)
        {
            enqueue(now + 50 + random.nextInt(3_000), Message.pauseDag(dag.dagId, false));
        }
        else if (then < 14)
        {
            enqueue(now + random.nextInt(3), Message.pauseDag(dag.dagId, false)); // likely in the same batch
        }
        else if (then < 16)
        {
            final int job = random.nextInt(3) == 0 ? random.nextInt(dag.jobs.length) : -1; // the DAG, or one job of it
            enqueue(now + 50 + random.nextInt(2_000), Message.cancel(dag.dagId, job));
            if (random.nextBoolean())
            {
                enqueue(now + 50 + random.nextInt(3_000), Message.pauseDag(dag.dagId, false));
            }
        }
        else if (then < 18)
        {
            final long resumeAt = now + random.nextInt(1_000);
            enqueue(resumeAt, Message.pauseDag(dag.dagId, false));
            enqueue(resumeAt + random.nextInt(3), Message.pauseDag(dag.dagId, true)); // paused again, often in one batch
            enqueue(resumeAt + 50 + random.nextInt(2_000), Message.pauseDag(dag.dagId, false));
        }
        // else: paused until the drain resumes it
    }

    private void cancelSomething(final boolean wholeDag)
    {
        final List<DagRec> candidates = new ArrayList<>();
        final List<DagRec> paused = new ArrayList<>();
        for (final DagRec dag : dags.values())
        {
            if (dag.delivered && !dag.state.isTerminal())
            {
                candidates.add(dag);
                if (dag.paused)
                {
                    paused.add(dag);
                }
            }
        }
        if (!paused.isEmpty() && random.nextInt(4) == 0)
        {
            candidates.retainAll(paused); // a paused DAG, or a job of one, is cancelled
        }
        if (candidates.isEmpty())
        {
            return;
        }
        final DagRec dag = candidates.get(random.nextInt(candidates.size()));
        if (wholeDag)
        {
            enqueue(now, Message.cancel(dag.dagId, -1));
            return;
        }
        final JobRec rec = dag.jobs[random.nextInt(dag.jobs.length)];
        enqueue(now, Message.cancel(dag.dagId, rec.index));
    }

    private void submit()
    {
        final long dagId = nextDagId++;
        final int shape = random.nextInt(12) == 0 ? 4 : random.nextInt(4);
        final int n;
        final List<List<Integer>> parents = new ArrayList<>();
        switch (shape)
        {
            case 0 -> { // chain
                n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++)
                {
                    parents.add(i == 0 ? List.of() : List.of(i - 1));
                }
            }
            case 1 -> { // fan-out, fan-in
                final int width = 1 + random.nextInt(4);
                n = width + 2;
                parents.add(List.of());
                final List<Integer> middle = new ArrayList<>();
                for (int i = 1; i <= width; i++)
                {
                    parents.add(List.of(0));
                    middle.add(i);
                }
                parents.add(middle);
            }
            case 2 -> { // random edges i < j
                n = 2 + random.nextInt(7);
                for (int j = 0; j < n; j++)
                {
                    final List<Integer> ps = new ArrayList<>();
                    for (int i = 0; i < j; i++)
                    {
                        if (random.nextInt(10) < 3)
                        {
                            ps.add(i);
                        }
                    }
                    parents.add(ps);
                }
            }
            case 4 -> { // wide: many pages at once, the case fair sharing is for
                n = 10 + random.nextInt(40);
                for (int i = 0; i < n; i++)
                {
                    parents.add(List.of());
                }
            }
            default -> { // independent jobs
                n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++)
                {
                    parents.add(List.of());
                }
            }
        }
        final String mainClass = CLASSES[random.nextInt(CLASSES.length)];
        final int mainPriority = PRIORITIES[random.nextInt(PRIORITIES.length)];
        final List<JobSpec> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            final List<String> dependsOn = new ArrayList<>();
            for (final int p : parents.get(i))
            {
                dependsOn.add("j" + p);
            }
            final String executorClass = shape == 4 || random.nextInt(10) < 6 ? mainClass : CLASSES[random.nextInt(CLASSES.length)];
            final int priority = random.nextInt(3) == 0 ? PRIORITIES[random.nextInt(PRIORITIES.length)] : mainPriority;
            final long initialBackoff = random.nextInt(4) == 0 ? 0 : random.nextInt(200);
            final RetryPolicy retry = new RetryPolicy(
                1 + random.nextInt(4), initialBackoff, new double[] {1.0, 1.5, 2.0}[random.nextInt(3)],
                initialBackoff + random.nextInt(800), new double[] {0.0, 0.1, 0.5}[random.nextInt(3)]);
            final long hardDeadline = random.nextInt(10) == 0 ? 300 + random.nextInt(8_000) : 0;
            long softDeadline = random.nextInt(5) == 0 ? 500 + random.nextInt(90_000) : 0;
            if (hardDeadline > 0 && softDeadline > hardDeadline)
            {
                softDeadline = 1 + random.nextInt((int)hardDeadline); // a soft deadline may not come after the hard one
            }
            final long runTimeout = random.nextInt(7) == 0 ? 200 + random.nextInt(2_500) : 0;
            jobs.add(new JobSpec("j" + i, executorClass, priority, null, dependsOn, retry, softDeadline, hardDeadline, runTimeout));
        }
        final FailurePolicy policy = random.nextInt(5) == 0 ? FailurePolicy.FAIL_FAST : FailurePolicy.CONTINUE;
        final String referenceKey = random.nextInt(5) == 0 ? "ref-" + random.nextInt(6) : null;
        final DuplicatePolicy duplicates = DuplicatePolicy.values()[random.nextInt(DuplicatePolicy.values().length)];
        final DagPlan plan = new DagValidator().validate(new DagSpec("sim-" + dagId, jobs, policy, referenceKey, duplicates));
        dags.put(dagId, new DagRec(dagId, plan, now));
        enqueue(now, Message.submit(dagId, plan));
    }

    /** Submissions and faults stop; pauses are lifted and every class gets a live executor. Then time runs on. */
    private void startDrain()
    {
        draining = true;
        drainStartedAtMs = now;
        traceLine("  drain");
        enqueue(now, Message.pause(false, null));
        for (final DagRec dag : dags.values())
        {
            if (dag.pauseTargeted && !dag.state.isTerminal())
            {
                // After every pause sent so far (same time or earlier, lower order); a pause still to come is followed by
                // a resume of its own.
                enqueue(now, Message.pauseDag(dag.dagId, false));
            }
        }
        for (final String executorClass : CLASSES)
        {
            enqueue(now, Message.pause(false, executorClass));
            boolean served = false;
            for (final SimExecutor executor : executors.values())
            {
                served |= executor.alive && executor.slots.containsKey(executorClass);
            }
            if (!served)
            {
                newExecutor(Map.of(executorClass, 2));
            }
        }
    }

    // ------------------------------------------------------------------ mirror bookkeeping

    private void mirrorState(final JobRec rec, final JobState next)
    {
        final JobState prev = rec.state;
        if (prev == JobState.READY)
        {
            readyByClass.get(rec.executorClass).remove(rec);
            if (rec.dag.paused)
            {
                pausedReadyByClass.get(rec.executorClass).remove(rec);
            }
            unmarkParked(rec);
            rec.satOutPause = false;
            rec.wasParked = false;
        }
        if (prev == JobState.RETRY_WAIT)
        {
            retryWaiting.remove(rec);
        }
        rec.state = next;
        if (next.isTerminal() && !prev.isTerminal())
        {
            rec.dag.terminalJobs++;
        }
        if (next == JobState.READY)
        {
            readyByClass.get(rec.executorClass).add(rec);
            if (rec.dag.paused)
            {
                pausedReadyByClass.get(rec.executorClass).add(rec);
                rec.satOutPause = true;
            }
        }
        if (next == JobState.RETRY_WAIT)
        {
            retryWaiting.add(rec);
        }
    }

    /**
     * A pause or resume reached the core for a DAG it holds. Its READY jobs stop (or start again) being eligible; on
     * resume the core puts every parked one back into its frontier, so none is known to be parked any more.
     */
    private void setDagPaused(final DagRec dag, final boolean pause)
    {
        dag.paused = pause;
        pauseFlippedThisBatch.add(dag);
        traceLine("  dag " + dag.dagId + (pause ? " paused" : " resumed"));
        for (final JobRec rec : dag.jobs)
        {
            if (rec.state == JobState.READY)
            {
                if (pause)
                {
                    pausedReadyByClass.get(rec.executorClass).add(rec);
                    rec.satOutPause = true;
                }
                else
                {
                    pausedReadyByClass.get(rec.executorClass).remove(rec);
                    unmarkParked(rec);
                }
            }
        }
    }

    /** The mirror now knows this READY job of a paused DAG is parked, not in the frontier. */
    private void markParked(final JobRec rec)
    {
        if (!rec.parked)
        {
            rec.parked = true;
            rec.wasParked = true;
            knownParkedByClass.merge(rec.executorClass, 1, Integer::sum);
            parkedJobs++;
        }
    }

    private void unmarkParked(final JobRec rec)
    {
        if (rec.parked)
        {
            rec.parked = false;
            knownParkedByClass.merge(rec.executorClass, -1, Integer::sum);
        }
    }

    private void startLease(final JobRec rec)
    {
        if (!rec.leaseLive)
        {
            rec.leaseLive = true;
            liveLeases.add(rec);
            if (!rec.slotless)
            {
                liveLeasesByClass.merge(rec.executorClass, 1, Integer::sum);
            }
        }
    }

    private void endLease(final JobRec rec)
    {
        if (rec.leaseLive)
        {
            rec.leaseLive = false;
            liveLeases.remove(rec);
            if (!rec.slotless)
            {
                liveLeasesByClass.merge(rec.executorClass, -1, Integer::sum);
            }
        }
        rec.slotless = false;
        rec.awaitingReport = false;
    }

    private JobRec job(final long dagId, final int index)
    {
        final DagRec dag = dags.get(dagId);
        return dag == null || index < 0 || index >= dag.jobs.length ? null : dag.jobs[index];
    }

    private int totalSlots(final String executorClass)
    {
        int total = 0;
        for (final Map<String, Integer> slots : knownInstances.values())
        {
            total += slots.getOrDefault(executorClass, 0);
        }
        return total;
    }

    private boolean allDagsTerminal()
    {
        for (final DagRec dag : dags.values())
        {
            if (!dag.state.isTerminal() && !dag.lostWithOwner && (dag.rejectedInFavourOf == 0 || !dag.delivered))
            {
                return false;
            }
        }
        return true;
    }

    static long maxBackoffMs(final RetryPolicy retry, final int attemptsMade)
    {
        return retry.backoffMs(attemptsMade, 1.0) + 1;
    }

    static long minBackoffMs(final RetryPolicy retry, final int attemptsMade)
    {
        return Math.max(0, retry.backoffMs(attemptsMade, 0.0) - 1);
    }

    private long latency()
    {
        final int roll = random.nextInt(20);
        return roll == 0 ? 20 + random.nextInt(200) : random.nextInt(15);
    }

    private void schedule(final long at, final Runnable action)
    {
        actions.add(new Item(at, order++, action, null));
    }

    private void enqueue(final long at, final Message message)
    {
        inbox.add(new Item(at, order++, null, message));
    }

    private void mix(final long value)
    {
        fingerprint = fingerprint * 0x9E3779B97F4A7C15L + value;
    }

    // ------------------------------------------------------------------ failure reporting

    private void traceLine(final String line)
    {
        if (trace.size() == TRACE_LINES)
        {
            trace.removeFirst();
        }
        trace.addLast(step + " @" + (now - START_MS) + " " + line);
    }

    private void violation(final String what)
    {
        throw new SimulationFailure(seed, step, failureMessage(what), null);
    }

    private String failureMessage(final String what)
    {
        final StringBuilder sb = new StringBuilder()
            .append("seed ").append(seed).append(", step ").append(step).append(" (virtual ms ").append(now - START_MS)
            .append("): ").append(what)
            .append("\n  replay: mvn -o -q -pl scheduler test -Dtest=SimulationTest -D").append(linkFaults.seedProperty).append('=').append(seed)
            .append(" -Dweft.sim.steps=").append(mainSteps)
            .append("\n  last steps:");
        for (final String line : trace)
        {
            sb.append("\n    ").append(line);
        }
        return sb.toString();
    }

    private String describeActive()
    {
        final StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (final DagRec dag : dags.values())
        {
            if (!dag.state.isTerminal() && shown++ < 5)
            {
                sb.append("\n    ").append(dag.describe());
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ records

    private record Item(long at, long order, Runnable action, Message message) implements Comparable<Item>
    {
        @Override
        public int compareTo(final Item other)
        {
            return at != other.at ? Long.compare(at, other.at) : Long.compare(order, other.order);
        }
    }

    /** One ring event on its way to the core. */
    private static final class Message
    {
        final int type;
        long instanceId;
        long dagId;
        int job = -1;
        long token;
        boolean retryable;
        String text;
        Object ref;

        private Message(final int type)
        {
            this.type = type;
        }

        static Message submit(final long dagId, final DagPlan plan)
        {
            final Message m = new Message(SchedulerEvent.SUBMIT);
            m.dagId = dagId;
            m.ref = plan;
            return m;
        }

        static Message register(final ExecutorDescriptor descriptor)
        {
            final Message m = new Message(SchedulerEvent.EXECUTOR_REGISTERED);
            m.instanceId = descriptor.instanceId();
            m.ref = descriptor;
            return m;
        }

        static Message heartbeat(final long instanceId)
        {
            final Message m = new Message(SchedulerEvent.HEARTBEAT);
            m.instanceId = instanceId;
            return m;
        }

        static Message renew(final long instanceId, final long dagId, final int job, final long token)
        {
            final Message m = new Message(SchedulerEvent.LEASE_RENEWED);
            m.instanceId = instanceId;
            m.dagId = dagId;
            m.job = job;
            m.token = token;
            return m;
        }

        static Message callback(final int type, final long instanceId, final Task task, final boolean retryable, final String error)
        {
            final Message m = new Message(type);
            m.instanceId = instanceId;
            m.dagId = task.dagId;
            m.job = task.job;
            m.token = task.token;
            m.retryable = retryable;
            m.text = error;
            return m;
        }

        static Message pause(final boolean pause, final String executorClass)
        {
            final Message m = new Message(pause ? SchedulerEvent.PAUSE : SchedulerEvent.RESUME);
            m.text = executorClass;
            return m;
        }

        static Message pauseDag(final long dagId, final boolean pause)
        {
            final Message m = new Message(pause ? SchedulerEvent.DAG_PAUSE : SchedulerEvent.DAG_RESUME);
            m.dagId = dagId;
            return m;
        }

        static Message cancel(final long dagId, final int job)
        {
            final Message m = new Message(SchedulerEvent.CANCEL);
            m.dagId = dagId;
            m.job = job;
            return m;
        }

        String describeJob()
        {
            return dagId + "/j" + job + " tok=" + token + " from " + instanceId;
        }

        @Override
        public String toString()
        {
            return switch (type)
            {
                case SchedulerEvent.SUBMIT -> "submit dag " + dagId + " (" + ((DagPlan)ref).jobCount() + " jobs)";
                case SchedulerEvent.EXECUTOR_REGISTERED -> "register " + instanceId + " " + ((ExecutorDescriptor)ref).slotsByClass();
                case SchedulerEvent.HEARTBEAT -> "heartbeat " + instanceId;
                case SchedulerEvent.LEASE_RENEWED -> "renew " + describeJob();
                case SchedulerEvent.JOB_STARTED -> "started " + describeJob();
                case SchedulerEvent.JOB_SUCCEEDED -> "succeeded " + describeJob();
                case SchedulerEvent.JOB_FAILED -> "failed " + describeJob() + (retryable ? " retryable" : " fatal") + " '" + text + "'";
                case SchedulerEvent.PAUSE -> "pause " + (text == null ? "all" : text);
                case SchedulerEvent.RESUME -> "resume " + (text == null ? "all" : text);
                case SchedulerEvent.CANCEL -> "cancel " + dagId + (job < 0 ? "" : "/j" + job);
                case SchedulerEvent.DAG_PAUSE -> "pause dag " + dagId;
                case SchedulerEvent.DAG_RESUME -> "resume dag " + dagId;
                default -> "type " + type;
            };
        }
    }

    private static final class DagRec
    {
        final long dagId;
        final DagPlan plan;
        final long submittedAtMs;
        final JobRec[] jobs;
        /** Per job, a bit mask of its ancestors (DAGs here have at most 64 jobs). */
        final long[] ancestors;
        boolean delivered;
        boolean created;
        boolean acked;
        /** Set when the core must refuse the DAG as a duplicate of this earlier DAG's reference key. */
        long rejectedInFavourOf;
        boolean rejectionTold;
        /** Per class, bounds (low, high) of the DAG's fair-share clock in the core. */
        private final Map<String, long[]> fairClocks = new TreeMap<>();
        DagState state = DagState.PENDING;
        long cancelBatch = Long.MAX_VALUE;
        long failFastBatch = Long.MAX_VALUE;
        int leases;
        int terminalJobs;
        /** Paused as far as the core is concerned, from the pause and resume events it has been handed. */
        boolean paused;
        /** A pause was sent for it: the drain resumes it. */
        boolean pauseTargeted;
        /** Taken over by a later owner from the journal. */
        boolean adopted;
        /** Delivered to an owner that died before journaling it: never accepted, the client must submit again. */
        boolean lostWithOwner;
        /** Journaled, but the owner died before acknowledging it: it runs on, unknown to its client. */
        boolean ackLost;

        DagRec(final long dagId, final DagPlan plan, final long submittedAtMs)
        {
            this.dagId = dagId;
            this.plan = plan;
            this.submittedAtMs = submittedAtMs;
            final int n = plan.jobCount();
            jobs = new JobRec[n];
            ancestors = new long[n];
            for (int i = 0; i < n; i++)
            {
                jobs[i] = new JobRec(this, i);
                for (final int p : plan.parents(i))
                {
                    ancestors[i] |= (1L << p) | ancestors[p]; // parents come before children in generated DAGs
                }
            }
        }

        long[] fairClock(final String executorClass)
        {
            return fairClocks.computeIfAbsent(executorClass, c -> new long[2]);
        }

        String describe()
        {
            final StringBuilder sb = new StringBuilder("dag ").append(dagId).append(' ').append(state).append(' ')
                .append(plan.failurePolicy()).append(" [");
            for (final JobRec rec : jobs)
            {
                sb.append(' ').append(rec.index).append('=').append(rec.state);
            }
            return sb.append(" ]").toString();
        }
    }

    private static final class JobRec
    {
        final DagRec dag;
        final int index;
        final String executorClass;
        final int priority;
        final RetryPolicy retry;
        final long softDeadlineMs;
        final long hardDeadlineMs;
        final long runTimeoutMs;
        JobState state = JobState.WAITING;
        long rankLow;
        long rankHigh;
        long readyKey;
        boolean maybeReadied;
        int attempts;
        long token;
        long executorId;
        long readyAtMs;
        String error;
        boolean leaseLive;
        /** Adopted from an earlier owner and not backed by a slot: its executor has not registered with this one. */
        boolean slotless;
        /** An adopted lease its executor has not reported to the new owner yet (heartbeat or accepted callback). */
        boolean awaitingReport;
        boolean started;
        long leasedAtMs;
        long leaseExpiresAtMs;
        long retryWaitSinceMs;
        int retryAttempts;
        boolean successAccepted;
        long failureAcceptedToken;
        long nonRetryableToken;
        long cancelBatch = Long.MAX_VALUE;
        long cancelAfterSuccessBatch = Long.MAX_VALUE;
        /** READY in a paused DAG and known to be parked (not in the frontier): see {@link #knownParkedByClass}. */
        boolean parked;
        /** In its current READY spell it was known to be parked at some point (counted when it is leased). */
        boolean wasParked;
        /** In its current READY spell its DAG was paused at some point (counted when it is ranked against a lease). */
        boolean satOutPause;

        JobRec(final DagRec dag, final int index)
        {
            this.dag = dag;
            this.index = index;
            this.executorClass = dag.plan.executorClass(index);
            this.priority = dag.plan.priority(index);
            this.retry = dag.plan.retry(index);
            this.softDeadlineMs = dag.plan.softDeadlineMs(index);
            this.hardDeadlineMs = dag.plan.hardDeadlineMs(index);
            this.runTimeoutMs = dag.plan.runTimeoutMs(index);
        }

        @Override
        public String toString()
        {
            return dag.dagId + "/j" + index;
        }
    }

    private static String leaseText(final JobRec rec)
    {
        return rec == null ? "(no such job)" : rec + (rec.leaseLive ? " tok=" + rec.token + "@" + rec.executorId : " (no live lease)");
    }
}
