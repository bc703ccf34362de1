package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.OwnerMessage;
import io.weft.scheduler.port.OwnerPeers;
import io.weft.scheduler.port.OwnershipLostException;
import io.weft.scheduler.port.SchedulerJournal;
import io.weft.scheduler.signals.LatencyRecorders;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deterministic simulation of a partitioned cluster: several nodes, each a {@link SchedulerCore} that owns the DAGs
 * of its partitions, one of them also owning the executor classes, over a shared simulated grid and a network that
 * delays, reorders and repeats the owner protocol's messages, and now and then fails a send (which only the sender
 * learns of). It crashes nodes, freezes and resumes them, moves
 * partitions, and restarts nodes, as a grid's membership changes would; executors follow the class owner.
 *
 * <p>The grid fences as the real one does: a DAG's record carries the epoch of the term that last claimed or wrote it,
 * and a write from an older term is refused (the core is then fenced). Invariants, checked as they happen: a job is
 * journaled succeeded at most once; a job's lease tokens only grow, across terms and nodes; a dispatch reaches an
 * executor only for a lease the grid holds (durable before effect). At the end, with faults stopped, every accepted
 * DAG is terminal in the grid, every job of a succeeded DAG succeeded once, and no slot is left in use.
 */
final class ClusterSimulation
{
    private static final int NODES = 3;
    private static final int PARTITIONS = 12;
    private static final long LEASE_TIMEOUT_MS = 2_000;
    private static final long HEARTBEAT_TIMEOUT_MS = 1_000;
    private static final long HEARTBEAT_EVERY_MS = 200;
    private static final long DRAIN_LIMIT_MS = 120_000;
    private static final List<String> CLASSES = List.of("ocr", "llm");
    /** -Dweft.cluster-sim.watch=DAG traces every owner message about that DAG (for a failing seed). */
    private static final long WATCH = Long.getLong("weft.cluster-sim.watch", -1);
    private static final RetryPolicy RETRY = new RetryPolicy(5, 20, 2.0, 200, 0.0);

    record Summary(long seed, int dags, long successes, long crashes, long freezes, long moves, long termStarts, long fencedBatches,
        long staleMessages, long duplicatedMessages, long dispatches, long slotsExpired, long lostSends)
    {
    }

    static final class Failure extends AssertionError
    {
        Failure(final String message)
        {
            super(message);
        }
    }

    private final long seed;
    private final SplittableRandom random;
    private final int steps;
    private long now = 1_000_000;
    private long termCounter;
    private long order;
    private final Node[] nodes = new Node[NODES];
    private final int[] partitionOwner = new int[PARTITIONS];
    private int classOwner;
    private final Map<Long, GridDag> grid = new TreeMap<>();
    /** Every lease token the grid has held (tokens are unique across the cluster: a term's epoch is in each). */
    private final java.util.HashSet<Long> journaledLeases = new java.util.HashSet<>();
    private final List<SimExecutor> executors = new ArrayList<>();
    private final PriorityQueue<Timed> timeline = new PriorityQueue<>();
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private long nextDagId = 1;
    private long crashes;
    private long freezes;
    private long moves;
    private long termStarts;
    private long duplicated;
    private long dispatches;
    private long lostSends;
    private boolean draining;

    ClusterSimulation(final long seed, final int steps)
    {
        this.seed = seed;
        this.steps = steps;
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < NODES; i++)
        {
            nodes[i] = new Node(i);
        }
        for (int p = 0; p < PARTITIONS; p++)
        {
            partitionOwner[p] = p % NODES;
        }
        classOwner = 0;
        for (final Node node : nodes)
        {
            node.newTerm("start");
        }
        for (int i = 0; i < 3; i++)
        {
            executors.add(new SimExecutor(100 + i, Map.of("ocr", 1 + random.nextInt(3), "llm", 1 + random.nextInt(2))));
        }
    }

    // ------------------------------------------------------------------ the shared grid

    /** A DAG as the grid holds it, fenced by the epoch of the term that holds it. */
    private final class GridDag
    {
        final long dagId;
        final DagPlan plan;
        final long submittedAtMs;
        long ownerEpoch;
        DagState state = DagState.PENDING;
        final JobState[] states;
        final int[] attempts;
        final long[] tokens;
        final long[] executorIds;
        final long[] readyAt;
        final int[] successes;
        final long[] highestToken;

        GridDag(final long dagId, final DagPlan plan, final long submittedAtMs, final long ownerEpoch)
        {
            final int n = plan.jobCount();
            this.dagId = dagId;
            this.plan = plan;
            this.submittedAtMs = submittedAtMs;
            this.ownerEpoch = ownerEpoch;
            states = new JobState[n];
            Arrays.fill(states, JobState.WAITING);
            attempts = new int[n];
            tokens = new long[n];
            executorIds = new long[n];
            readyAt = new long[n];
            successes = new int[n];
            highestToken = new long[n];
        }

        AdoptedDag adopted()
        {
            final int n = plan.jobCount();
            return new AdoptedDag(dagId, plan, submittedAtMs, state, false, states.clone(), attempts.clone(), tokens.clone(),
                executorIds.clone(), readyAt.clone(), new long[n], new long[n], new long[n], new String[n]);
        }
    }

    private int partitionOf(final long dagId)
    {
        return (int)(dagId % PARTITIONS);
    }

    private void write(final Node node, final long epoch, final JournalBatch batch)
    {
        if (node.frozen || !node.alive)
        {
            throw new IllegalStateException("node " + node.id + " wrote while " + (node.frozen ? "frozen" : "dead"));
        }
        for (int i = 0; i < batch.createdDagCount(); i++)
        {
            final long dagId = batch.createdDagId(i);
            if (grid.containsKey(dagId))
            {
                violation("DAG " + dagId + " created twice");
            }
            grid.put(dagId, new GridDag(dagId, batch.createdDagPlan(i), batch.createdDagSubmittedAtEpochMs(i), epoch));
        }
        boolean fenced = false;
        for (int i = 0; i < batch.jobCount(); i++)
        {
            final GridDag dag = grid.get(batch.jobDagId(i));
            if (dag == null)
            {
                violation("a change to DAG " + batch.jobDagId(i) + " that the grid never took");
            }
            if (dag.ownerEpoch > epoch)
            {
                fenced = true;
                continue;
            }
            dag.ownerEpoch = epoch;
            final int j = batch.jobIndex(i);
            final JobState next = batch.jobState(i);
            final long token = batch.jobFencingToken(i);
            if (dag.states[j] == JobState.SUCCEEDED && next != JobState.SUCCEEDED)
            {
                violation("job " + dag.dagId + "/" + j + " journaled " + next + " after it succeeded");
            }
            if (next.holdsLease() && token != dag.tokens[j])
            {
                if (token <= dag.highestToken[j])
                {
                    violation("job " + dag.dagId + "/" + j + " leased with token " + token + ", not above " + dag.highestToken[j]);
                }
                dag.highestToken[j] = token;
                journaledLeases.add(token);
            }
            if (next == JobState.SUCCEEDED && dag.states[j] != JobState.SUCCEEDED && ++dag.successes[j] > 1)
            {
                violation("job " + dag.dagId + "/" + j + " accepted as succeeded twice");
            }
            dag.states[j] = next;
            dag.attempts[j] = batch.jobAttempts(i);
            dag.tokens[j] = token;
            dag.executorIds[j] = batch.jobExecutorId(i);
            dag.readyAt[j] = batch.jobReadyAtEpochMs(i);
        }
        for (int i = 0; i < batch.dagStateCount(); i++)
        {
            final GridDag dag = grid.get(batch.dagId(i));
            if (dag != null && dag.ownerEpoch <= epoch)
            {
                dag.state = batch.dagState(i);
            }
        }
        if (fenced)
        {
            throw new OwnershipLostException("a newer term holds some of the batch's DAGs");
        }
    }

    // ------------------------------------------------------------------ nodes

    private final class Node implements OwnerPeers
    {
        final int id;
        final SchedulerCounters counters = new SchedulerCounters();
        SchedulerCore core;
        long epoch;
        boolean alive = true;
        boolean frozen;
        boolean fencedNow;
        final List<Object> inbox = new ArrayList<>();
        final Set<Integer> lost = new java.util.TreeSet<>();
        int[] termPartitions = new int[0];
        boolean termClassOwner;
        private final SchedulerEvent event = new SchedulerEvent();
        private long sequence;

        Node(final int id)
        {
            this.id = id;
            this.core = newCore();
        }

        private SchedulerCore newCore()
        {
            final SchedulerContext context = new SchedulerContext()
                .heartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS)
                .leaseTimeoutMs(LEASE_TIMEOUT_MS)
                .housekeepingIntervalMs(10)
                .randomSeed(seed * 31 + id)
                .epochClock(() -> now)
                .nanoClock(() -> now * 1_000_000L)
                .ownerEpoch(0)
                .onFenced(e -> fencedNow = true)
                .conclude();
            final SchedulerJournal journal = batch -> write(this, epoch, batch);
            return new SchedulerCore(context, journal, new Sender(this), new LatencyRecorders(), counters, new ExecutorDirectory(),
                new PauseView(), this);
        }

        int[] ownedPartitions()
        {
            final List<Integer> owned = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++)
            {
                if (partitionOwner[p] == id)
                {
                    owned.add(p);
                }
            }
            return owned.stream().mapToInt(Integer::intValue).toArray();
        }

        /** What the node's ownership agent does: a new term, its partitions' DAGs claimed and adopted. */
        void newTerm(final String why)
        {
            epoch = ++termCounter;
            termStarts++;
            fencedNow = false;
            termPartitions = ownedPartitions();
            termClassOwner = classOwner == id;
            trace("node " + id + " term " + epoch + " (" + why + ") partitions " + Arrays.toString(termPartitions)
                + (termClassOwner ? " + classes" : ""));
            event(e -> e.takeOver(epoch));
            for (final GridDag dag : grid.values())
            {
                if (partitionOwner[partitionOf(dag.dagId)] == id && !dag.state.isTerminal() && dag.ownerEpoch < epoch)
                {
                    dag.ownerEpoch = epoch; // the claim: read and fenced in one step
                    final AdoptedDag adopted = dag.adopted();
                    event(e -> e.adopt(adopted));
                }
            }
            if (termClassOwner)
            {
                for (final Node other : nodes)
                {
                    if (other != this)
                    {
                        other.lost.add(id); // the others see a new class owner in the owner record and resend to it
                    }
                }
                for (final SimExecutor executor : executors)
                {
                    at(now + 1 + random.nextInt(5), executor::link); // its fresh core knows none: they register again
                }
            }
        }

        void event(final java.util.function.Consumer<SchedulerEvent> fill)
        {
            fill.accept(event);
            core.onEvent(event, sequence++, true);
        }

        @Override
        public int self()
        {
            return id;
        }

        @Override
        public int dagOwner(final long dagId)
        {
            return partitionOwner[partitionOf(dagId)];
        }

        @Override
        public int classOwner(final String executorClass)
        {
            return classOwner;
        }

        @Override
        public int[] others()
        {
            final List<Integer> ids = new ArrayList<>();
            for (final Node node : nodes)
            {
                if (node != this)
                {
                    ids.add(node.id);
                }
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public void send(final int node, final OwnerMessage message)
        {
            if (message.dagId == WATCH)
            {
                trace("  node " + id + "@" + message.senderEpoch + " -> node " + node + ": " + message);
            }
            final Node to = nodes[node];
            if (!to.alive)
            {
                lost.add(node); // nobody is there: the link reports it
                return;
            }
            if (random.nextInt(200) == 0)
            {
                // A send that fails (no connection yet, back-pressure past its retries): only the sender knows.
                lostSends++;
                lost.add(node);
                return;
            }
            deliverLater(to, message, 1 + random.nextInt(20));
            if (random.nextInt(10) == 0)
            {
                duplicated++;
                deliverLater(to, message, 1 + random.nextInt(40));
            }
        }

        @Override
        public int[] lostPeers()
        {
            if (lost.isEmpty())
            {
                return NONE;
            }
            final int[] ids = lost.stream().mapToInt(Integer::intValue).toArray();
            lost.clear();
            return ids;
        }
    }

    /** What a node's transport does with dispatches and stops: they reach an executor linked to that node. */
    private final class Sender implements DispatchSender
    {
        private final Node node;

        Sender(final Node node)
        {
            this.node = node;
        }

        @Override
        public boolean sendDispatch(
            final long instanceId, final long dagId, final int jobIndex, final int attempt, final long token, final long deadlineEpochMs,
            final String executorClass, final String jobId, final byte[] payload)
        {
            final SimExecutor executor = executor(instanceId);
            if (executor == null || !executor.alive || executor.linkedTo != node.id)
            {
                return false; // no link to it from this node
            }
            // Durable before effect: the lease was in the grid before its grant left the DAG owner. It may have ended
            // since (the DAG owner's LeaseEnded is still on its way): then its callbacks are stale, never accepted.
            final GridDag dag = grid.get(dagId);
            if (dag == null || !journaledLeases.contains(token))
            {
                violation("node " + node.id + " dispatched " + dagId + "/" + jobIndex + " tok=" + token + " that the grid never held ("
                    + (dag == null ? "no DAG" : dag.states[jobIndex] + " tok=" + dag.tokens[jobIndex]) + ")");
            }
            dispatches++;
            trace("  dispatch " + dagId + "/" + jobIndex + " tok=" + token + " -> " + instanceId + " by node " + node.id);
            at(now + 1 + random.nextInt(5), () -> executor.receive(dagId, jobIndex, token));
            return true;
        }

        @Override
        public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long token)
        {
            final SimExecutor executor = executor(instanceId);
            if (executor != null && executor.linkedTo == node.id)
            {
                at(now + 1 + random.nextInt(5), () -> executor.cancel(token));
            }
            return true;
        }

        @Override
        public void forget(final long instanceId)
        {
        }
    }

    // ------------------------------------------------------------------ executors

    private record Task(long dagId, int jobIndex, long token)
    {
    }

    private final class SimExecutor
    {
        final long id;
        final Map<String, Integer> slots;
        int linkedTo = -1;
        boolean alive = true;
        final Map<Long, Task> running = new LinkedHashMap<>();

        SimExecutor(final long id, final Map<String, Integer> slots)
        {
            this.id = id;
            this.slots = slots;
            at(now + 1, this::link);
            at(now + HEARTBEAT_EVERY_MS, this::heartbeat);
        }

        /** Registers with the class owner as it knows it now; jobs keep running across the move. */
        void link()
        {
            final Node owner = nodes[classOwner];
            if (!alive || !owner.alive)
            {
                return;
            }
            linkedTo = owner.id;
            toNode(owner, e -> e.executorRegistered(new ExecutorDescriptor(id, "sim", "owner", "1", Set.of(), slots)));
            for (final Task task : new ArrayList<>(running.values()))
            {
                toNode(owner, e -> e.leaseRenewed(id, task.dagId(), task.jobIndex(), task.token()));
            }
        }

        void heartbeat()
        {
            if (!alive)
            {
                return;
            }
            at(now + HEARTBEAT_EVERY_MS, this::heartbeat);
            if (linkedTo < 0 || linkedTo != classOwner || !nodes[linkedTo].alive)
            {
                link();
                return;
            }
            final Node node = nodes[linkedTo];
            toNode(node, e -> e.heartbeat(id, now));
            for (final Task task : new ArrayList<>(running.values()))
            {
                toNode(node, e -> e.leaseRenewed(id, task.dagId(), task.jobIndex(), task.token()));
            }
        }

        void receive(final long dagId, final int jobIndex, final long token)
        {
            if (!alive)
            {
                return;
            }
            final Task task = new Task(dagId, jobIndex, token);
            running.put(token, task);
            at(now + 1 + random.nextInt(5), () -> callback(task, SchedulerEvent.JOB_STARTED, false));
            at(now + 10 + random.nextInt(200), () -> finish(task));
        }

        void finish(final Task task)
        {
            if (!alive || running.remove(task.token()) == null)
            {
                return;
            }
            final int roll = random.nextInt(10);
            callback(task, roll == 0 ? SchedulerEvent.JOB_FAILED : SchedulerEvent.JOB_SUCCEEDED, roll == 0);
        }

        void cancel(final long token)
        {
            final Task task = running.remove(token);
            if (task != null)
            {
                callback(task, SchedulerEvent.JOB_FAILED, false);
            }
        }

        void callback(final Task task, final int type, final boolean retryable)
        {
            if (!alive || linkedTo < 0 || !nodes[linkedTo].alive)
            {
                return; // lost with its node; the lease expires or is reported again
            }
            toNode(nodes[linkedTo], e -> e.jobCallback(type, id, task.dagId(), task.jobIndex(), task.token(), now, retryable,
                type == SchedulerEvent.JOB_FAILED ? "sim: failed" : null, null));
        }
    }

    private SimExecutor executor(final long instanceId)
    {
        for (final SimExecutor executor : executors)
        {
            if (executor.id == instanceId)
            {
                return executor;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ the event loop

    private record Timed(long at, long order, Runnable action) implements Comparable<Timed>
    {
        @Override
        public int compareTo(final Timed other)
        {
            return at != other.at ? Long.compare(at, other.at) : Long.compare(order, other.order);
        }
    }

    private void at(final long when, final Runnable action)
    {
        timeline.add(new Timed(when, ++order, action));
    }

    private void deliverLater(final Node to, final OwnerMessage message, final long delayMs)
    {
        at(now + delayMs, () -> {
            if (to.alive)
            {
                to.inbox.add(message);
            }
        });
    }

    private void toNode(final Node node, final java.util.function.Consumer<SchedulerEvent> fill)
    {
        at(now + 1 + random.nextInt(5), () -> {
            if (node.alive)
            {
                node.inbox.add(fill);
            }
        });
    }

    /** Runs to the end; throws {@link Failure} naming the seed on the first violation. */
    Summary run()
    {
        try
        {
            int step = 0;
            at(now + 1, this::driver);
            at(now + 200, this::agentCheck);
            while (true)
            {
                step++;
                if (!draining && step >= steps)
                {
                    startDrain();
                }
                if (draining && allDone())
                {
                    break;
                }
                if (draining && now > drainStartedMs + DRAIN_LIMIT_MS)
                {
                    violation("not quiescent " + DRAIN_LIMIT_MS + " ms after faults stopped: " + unfinished());
                }
                final Timed next = timeline.poll();
                if (next == null)
                {
                    now += 10;
                }
                else
                {
                    now = Math.max(now, next.at());
                    next.action().run();
                }
                for (final Node node : nodes)
                {
                    pump(node);
                }
            }
            finalChecks();
        }
        catch (final Failure failure)
        {
            throw failure;
        }
        catch (final RuntimeException ex)
        {
            final Failure failure = failure("the cluster threw " + ex);
            failure.initCause(ex);
            throw failure;
        }
        long successes = 0;
        for (final GridDag dag : grid.values())
        {
            for (final int s : dag.successes)
            {
                successes += s;
            }
        }
        long fenced = 0;
        long stale = 0;
        long expired = 0;
        for (final Node node : nodes)
        {
            fenced += node.counters.fencedBatches();
            stale += node.counters.staleOwnerMessages();
            expired += node.counters.slotsExpired();
        }
        return new Summary(seed, grid.size(), successes, crashes, freezes, moves, termStarts, fenced, stale, duplicated, dispatches,
            expired, lostSends);
    }

    private long drainStartedMs;

    /** A node takes what its inbox holds as one ring batch, then a housekeeping tick; a fenced node starts a new term. */
    private void pump(final Node node)
    {
        if (!node.alive || node.frozen)
        {
            return;
        }
        if (!node.inbox.isEmpty())
        {
            final List<Object> batch = new ArrayList<>(node.inbox);
            node.inbox.clear();
            for (int i = 0, n = batch.size(); i < n; i++)
            {
                final Object item = batch.get(i);
                if (item instanceof OwnerMessage message)
                {
                    if (message.dagId == WATCH)
                    {
                        trace("  node " + node.id + " takes " + message + " from node " + message.sourceNode + "@" + message.senderEpoch);
                    }
                    node.event.ownerMessage(message);
                }
                else
                {
                    @SuppressWarnings("unchecked")
                    final java.util.function.Consumer<SchedulerEvent> fill = (java.util.function.Consumer<SchedulerEvent>)item;
                    fill.accept(node.event);
                }
                node.core.onEvent(node.event, node.sequence++, i == n - 1);
            }
        }
        node.core.onTimeout(node.sequence);
        for (final String executorClass : CLASSES)
        {
            final int used = node.core.usedSlots(executorClass);
            final int held = node.core.slotsHeldByRuns(executorClass);
            if (used != held)
            {
                violation("node " + node.id + " has " + used + " " + executorClass + " slots in use but its DAG records hold " + held
                    + ": " + node.core.heldSlots());
            }
        }
        if (node.fencedNow)
        {
            node.newTerm("fenced");
        }
    }

    /** Every ~50 ms something happens from outside: a submission mostly, now and then a fault. */
    private void driver()
    {
        if (draining)
        {
            return;
        }
        at(now + 20 + random.nextInt(60), this::driver);
        final int roll = random.nextInt(100);
        if (roll < 70)
        {
            submit();
        }
        else if (roll < 73)
        {
            crash();
        }
        else if (roll < 76)
        {
            freeze();
        }
        else if (roll < 80)
        {
            movePartition();
        }
    }

    private void submit()
    {
        final List<Node> live = liveNodes();
        final Node node = live.get(random.nextInt(live.size()));
        // The node takes it under an id in one of its own partitions, as WeftNode does.
        long dagId = nextDagId++;
        while (partitionOwner[partitionOf(dagId)] != node.id)
        {
            dagId = nextDagId++;
        }
        final int width = 1 + random.nextInt(4);
        final List<JobSpec> jobs = new ArrayList<>();
        jobs.add(new JobSpec("root", CLASSES.get(random.nextInt(2)), random.nextInt(3), null, List.of(), RETRY, 0, 0, 0));
        for (int i = 0; i < width; i++)
        {
            jobs.add(new JobSpec("j" + i, CLASSES.get(random.nextInt(2)), random.nextInt(3), null, List.of("root"), RETRY, 0, 0, 0));
        }
        final DagPlan plan = new DagValidator().validate(new DagSpec("sim-" + dagId, jobs, FailurePolicy.CONTINUE));
        final long id = dagId;
        node.inbox.add((java.util.function.Consumer<SchedulerEvent>)e -> e.submit(id, plan, new SubmissionCallback()
        {
            @Override
            public void onAccepted(final long accepted)
            {
                if (!grid.containsKey(accepted))
                {
                    violation("DAG " + accepted + " acknowledged before the grid held it");
                }
            }

            @Override
            public void onFailed(final long failed, final String reason)
            {
            }

            @Override
            public void onDuplicate(final long duplicate, final long existing)
            {
            }
        }, now, now * 1_000_000L));
    }

    private List<Node> liveNodes()
    {
        final List<Node> live = new ArrayList<>();
        for (final Node node : nodes)
        {
            if (node.alive && !node.frozen)
            {
                live.add(node);
            }
        }
        return live;
    }

    /** The grid gives a node's partitions to the live nodes and, if it had them, the classes to one of them. */
    private void reassignFrom(final Node gone)
    {
        final List<Node> live = liveNodes();
        live.remove(gone);
        for (int p = 0; p < PARTITIONS; p++)
        {
            if (partitionOwner[p] == gone.id)
            {
                partitionOwner[p] = live.get(p % live.size()).id;
            }
        }
        if (classOwner == gone.id)
        {
            classOwner = live.get(random.nextInt(live.size())).id;
        }
        restartTermsWhereOwnershipChanged();
    }

    private void restartTermsWhereOwnershipChanged()
    {
        for (final Node node : liveNodes())
        {
            if (!Arrays.equals(node.termPartitions, node.ownedPartitions()) || node.termClassOwner != (classOwner == node.id))
            {
                node.newTerm("ownership moved");
            }
            else if (newerTermHolds(node))
            {
                node.newTerm("a newer term holds DAGs of its partitions");
            }
        }
    }

    /**
     * Whether a DAG of the node's partitions is held by a newer term than the node's: its partitions went elsewhere
     * and came back while it was frozen, so it must start a term newer than that one to claim them.
     */
    private boolean newerTermHolds(final Node node)
    {
        for (final GridDag dag : grid.values())
        {
            if (partitionOwner[partitionOf(dag.dagId)] == node.id && !dag.state.isTerminal() && dag.ownerEpoch > node.epoch)
            {
                return true;
            }
        }
        return false;
    }

    /** Each node's ownership agent checks on a period, as well as on membership changes. */
    private void agentCheck()
    {
        at(now + 200, this::agentCheck);
        restartTermsWhereOwnershipChanged();
    }

    private void crash()
    {
        final List<Node> live = liveNodes();
        if (live.size() < 2)
        {
            return;
        }
        final Node victim = live.get(random.nextInt(live.size()));
        crashes++;
        trace("CRASH node " + victim.id);
        victim.alive = false;
        victim.inbox.clear();
        reassignFrom(victim);
        at(now + 200 + random.nextInt(800), () -> {
            if (!victim.alive)
            {
                restart(victim);
            }
        });
    }

    private void restart(final Node node)
    {
        node.alive = true;
        node.frozen = false;
        node.inbox.clear();
        node.core = node.newCore(); // a new process: nothing of the old one survives
        node.termPartitions = null; // and no term until its agent starts one
        trace("RESTART node " + node.id);
        rebalance();
    }

    private void freeze()
    {
        final List<Node> live = liveNodes();
        if (live.size() < 2)
        {
            return;
        }
        final Node frozen = live.get(random.nextInt(live.size()));
        freezes++;
        trace("FREEZE node " + frozen.id);
        frozen.frozen = true;
        reassignFrom(frozen);
        at(now + 100 + random.nextInt(1_500), () -> {
            trace("THAW node " + frozen.id);
            frozen.frozen = false; // it carries on where it stopped: its writes are fenced, its messages stale
            pump(frozen);
            rebalance();
        });
    }

    /** Spreads the partitions over the live nodes again, as the grid does when a member joins. */
    private void rebalance()
    {
        final List<Node> live = liveNodes();
        for (int p = 0; p < PARTITIONS; p++)
        {
            partitionOwner[p] = live.get(p % live.size()).id;
        }
        restartTermsWhereOwnershipChanged();
    }

    private void movePartition()
    {
        final List<Node> live = liveNodes();
        if (live.size() < 2)
        {
            return;
        }
        moves++;
        final int p = random.nextInt(PARTITIONS);
        partitionOwner[p] = live.get(random.nextInt(live.size())).id;
        trace("MOVE partition " + p + " to node " + partitionOwner[p]);
        restartTermsWhereOwnershipChanged();
    }

    private void startDrain()
    {
        draining = true;
        drainStartedMs = now;
        trace("DRAIN");
        for (final Node node : nodes)
        {
            if (!node.alive)
            {
                restart(node);
            }
            else if (node.frozen)
            {
                node.frozen = false;
            }
        }
        rebalance();
    }

    private boolean allDone()
    {
        for (final GridDag dag : grid.values())
        {
            if (!dag.state.isTerminal())
            {
                return false;
            }
        }
        for (final Node node : nodes)
        {
            if (!node.inbox.isEmpty())
            {
                return false;
            }
        }
        for (final String executorClass : CLASSES)
        {
            if (nodes[classOwner].core.usedSlots(executorClass) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private String unfinished()
    {
        final StringBuilder text = new StringBuilder();
        for (final GridDag dag : grid.values())
        {
            if (!dag.state.isTerminal())
            {
                text.append("\n  DAG ").append(dag.dagId).append(" (partition ").append(partitionOf(dag.dagId)).append(", owner node ")
                    .append(partitionOwner[partitionOf(dag.dagId)]).append(", epoch ").append(dag.ownerEpoch).append(") ")
                    .append(dag.state).append(' ').append(Arrays.toString(dag.states)).append(" tokens ").append(Arrays.toString(dag.tokens));
                for (final Node node : nodes)
                {
                    text.append("\n    node ").append(node.id).append(": ").append(node.core.describe(dag.dagId));
                }
            }
        }
        for (final String executorClass : CLASSES)
        {
            text.append("\n  ").append(executorClass).append(": ").append(nodes[classOwner].core.usedSlots(executorClass))
                .append(" slots used on the class owner, node ").append(classOwner);
        }
        text.append("\n  held on the class owner: ").append(nodes[classOwner].core.heldSlots());
        return text.toString();
    }

    private void finalChecks()
    {
        for (final GridDag dag : grid.values())
        {
            if (dag.state == DagState.SUCCEEDED)
            {
                for (int j = 0; j < dag.successes.length; j++)
                {
                    if (dag.successes[j] != 1)
                    {
                        violation("DAG " + dag.dagId + " succeeded but job " + j + " succeeded " + dag.successes[j] + " times");
                    }
                }
            }
        }
        for (final String executorClass : CLASSES)
        {
            if (nodes[classOwner].core.usedSlots(executorClass) != 0)
            {
                violation("slot leak in " + executorClass + " on the class owner");
            }
        }
    }

    // ------------------------------------------------------------------ failures

    private void trace(final String line)
    {
        if (trace.size() == (WATCH < 0 ? 60 : 400))
        {
            trace.removeFirst();
        }
        trace.addLast("@" + now + " " + line);
    }

    private void violation(final String what)
    {
        throw failure(what);
    }

    private Failure failure(final String what)
    {
        return new Failure("seed " + seed + " at " + now + ": " + what
            + "\n  replay: mvn -o -q -pl scheduler test -Dtest=ClusterSimulationTest -Dweft.cluster-sim.seed=" + seed
            + "\n  last events:\n    " + String.join("\n    ", trace));
    }
}
