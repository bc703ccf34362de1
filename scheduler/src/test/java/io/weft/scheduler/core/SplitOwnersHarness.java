package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.OwnerMessage;
import io.weft.scheduler.port.OwnerPeers;
import io.weft.scheduler.port.SchedulerJournal;
import io.weft.scheduler.signals.LatencyRecorders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two cores on a manual clock, as two nodes of a cluster would run them: node 0 owns every DAG, node 1 owns every
 * executor class, so every lease crosses between them as {@link OwnerMessage}s. The in-memory network between them
 * can deliver in batches of any size, shuffled, some messages twice. No threads, no ring, no grid.
 */
final class SplitOwnersHarness
{
    static final int DAG_NODE = 0;
    static final int CLASS_NODE = 1;

    record Dispatch(long instanceId, long dagId, int jobIndex, int attempt, long token, String jobId)
    {
    }

    final long[] nowMs = {1_000_000};
    final Node[] nodes = {new Node(DAG_NODE), new Node(CLASS_NODE)};
    final SplittableRandom random;
    /** The network's faults: shuffle what it holds before delivering, and deliver some messages twice. */
    boolean shuffle;
    double duplicateRate;

    SplitOwnersHarness(final long seed)
    {
        random = new SplittableRandom(seed);
    }

    Node dagNode()
    {
        return nodes[DAG_NODE];
    }

    Node classNode()
    {
        return nodes[CLASS_NODE];
    }

    final class Node implements OwnerPeers
    {
        final int id;
        final SchedulerCounters counters = new SchedulerCounters();
        final SchedulerCore core;
        final List<OwnerMessage> inbox = new ArrayList<>();
        final Map<String, JobState> journaledJobs = new HashMap<>();
        final Map<Long, DagState> journaledDags = new HashMap<>();
        final Set<Long> journaledTokens = new HashSet<>();
        /** Jobs journaled SUCCEEDED, with how often: a job may succeed once. */
        final Map<String, Integer> successes = new HashMap<>();
        int journalWrites;
        /** What a new term of this node adopts: each DAG as the journal holds it. */
        final Map<Long, JournaledDag> durable = new LinkedHashMap<>();
        final List<Dispatch> dispatches = new ArrayList<>();
        final Map<Long, Dispatch> running = new LinkedHashMap<>();
        final List<Long> cancels = new ArrayList<>();
        final Map<Byte, Integer> sentByType = new HashMap<>();
        private final SchedulerEvent event = new SchedulerEvent();
        private long sequence;

        Node(final int id)
        {
            this.id = id;
            final SchedulerContext context = new SchedulerContext()
                .ownerEpoch(1)
                .heartbeatTimeoutMs(5_000)
                .leaseTimeoutMs(30_000)
                .randomSeed(id)
                .housekeepingIntervalMs(10)
                .epochClock(() -> nowMs[0])
                .nanoClock(() -> nowMs[0] * 1_000_000L)
                .conclude();
            final SchedulerJournal journal = batch -> {
                journalWrites++;
                for (int i = 0; i < batch.createdDagCount(); i++)
                {
                    durable.put(batch.createdDagId(i), new JournaledDag(batch.createdDagId(i), batch.createdDagPlan(i),
                        batch.createdDagSubmittedAtEpochMs(i)));
                }
                for (int i = 0; i < batch.jobCount(); i++)
                {
                    final JournaledDag dag = durable.get(batch.jobDagId(i));
                    final int j = batch.jobIndex(i);
                    dag.states[j] = batch.jobState(i);
                    dag.attempts[j] = batch.jobAttempts(i);
                    dag.tokens[j] = batch.jobFencingToken(i);
                    dag.executors[j] = batch.jobExecutorId(i);
                    dag.readyAt[j] = batch.jobReadyAtEpochMs(i);
                }
                for (int i = 0; i < batch.dagStateCount(); i++)
                {
                    durable.get(batch.dagId(i)).state = batch.dagState(i);
                }
                for (int i = 0; i < batch.jobCount(); i++)
                {
                    final String key = batch.jobDagId(i) + "/" + batch.jobIndex(i);
                    final JobState state = batch.jobState(i);
                    if (state == JobState.SUCCEEDED && journaledJobs.get(key) != JobState.SUCCEEDED)
                    {
                        successes.merge(key, 1, Integer::sum);
                    }
                    journaledJobs.put(key, state);
                    if (state.holdsLease())
                    {
                        journaledTokens.add(batch.jobFencingToken(i));
                    }
                }
                for (int i = 0; i < batch.dagStateCount(); i++)
                {
                    journaledDags.put(batch.dagId(i), batch.dagState(i));
                }
            };
            final DispatchSender sender = new DispatchSender()
            {
                @Override
                public boolean sendDispatch(
                    final long instanceId, final long dagId, final int jobIndex, final int attempt, final long token,
                    final long deadlineEpochMs, final String executorClass, final String jobId, final byte[] payload)
                {
                    final Dispatch d = new Dispatch(instanceId, dagId, jobIndex, attempt, token, jobId);
                    dispatches.add(d);
                    running.put(token, d);
                    return true;
                }

                @Override
                public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long token)
                {
                    cancels.add(token);
                    return true;
                }

                @Override
                public void forget(final long instanceId)
                {
                    running.values().removeIf(d -> d.instanceId() == instanceId);
                }
            };
            core = new SchedulerCore(context, journal, sender, new LatencyRecorders(), counters, new ExecutorDirectory(), new PauseView(), this);
        }

        @Override
        public int self()
        {
            return id;
        }

        @Override
        public int dagOwner(final long dagId)
        {
            return DAG_NODE;
        }

        @Override
        public int classOwner(final String executorClass)
        {
            return CLASS_NODE;
        }

        @Override
        public int[] others()
        {
            return new int[] {1 - id};
        }

        @Override
        public void send(final int node, final OwnerMessage message)
        {
            if (message.type == OwnerMessage.LEASE_GRANTED && !journaledTokens.contains(message.token))
            {
                fail("node " + id + " sent the grant of token " + message.token + " before its journal held the lease");
            }
            sentByType.merge(message.type, 1, Integer::sum);
            nodes[node].inbox.add(message);
            if (duplicateRate > 0 && random.nextDouble() < duplicateRate)
            {
                nodes[node].inbox.add(message);
            }
        }

        /**
         * The node starts a new ownership term, as after a restart or a takeover: the core drops everything and
         * rebuilds from its journal, and what was on its way to it is lost.
         */
        void restart(final long epoch)
        {
            inbox.clear();
            event(e -> e.takeOver(epoch));
            for (final JournaledDag dag : durable.values())
            {
                if (!dag.state.isTerminal())
                {
                    event(e -> e.adopt(dag.adopted()));
                }
            }
        }

        void event(final Consumer<SchedulerEvent> fill)
        {
            fill.accept(event);
            core.onEvent(event, sequence++, true);
        }

        long submit(final DagSpec spec, final long dagId)
        {
            event(e -> e.submit(dagId, new DagValidator().validate(spec), new SubmissionCallback()
            {
                @Override
                public void onAccepted(final long id)
                {
                }

                @Override
                public void onFailed(final long id, final String reason)
                {
                    fail("submission " + id + " failed: " + reason);
                }

                @Override
                public void onDuplicate(final long id, final long existingDagId)
                {
                }
            }, nowMs[0], nowMs[0] * 1_000_000L));
            return dagId;
        }

        void register(final long instanceId, final Map<String, Integer> slots)
        {
            event(e -> e.executorRegistered(new ExecutorDescriptor(instanceId, "test", "owner", "1", Set.of(), slots)));
        }

        /** Delivers up to {@code max} messages from the inbox as one ring batch; false if there were none. */
        boolean deliver(final int max)
        {
            if (inbox.isEmpty())
            {
                return false;
            }
            if (shuffle)
            {
                for (int i = inbox.size() - 1; i > 0; i--)
                {
                    final int j = random.nextInt(i + 1);
                    final OwnerMessage swap = inbox.get(i);
                    inbox.set(i, inbox.get(j));
                    inbox.set(j, swap);
                }
            }
            final int n = Math.min(max, inbox.size());
            final List<OwnerMessage> batch = new ArrayList<>(inbox.subList(0, n));
            inbox.subList(0, n).clear();
            for (int i = 0; i < n; i++)
            {
                event.ownerMessage(batch.get(i));
                core.onEvent(event, sequence++, i == n - 1);
            }
            return true;
        }
    }

    /** A DAG as a node's journal holds it. */
    static final class JournaledDag
    {
        final long dagId;
        final DagPlan plan;
        final long submittedAtEpochMs;
        DagState state = DagState.PENDING;
        final JobState[] states;
        final int[] attempts;
        final long[] tokens;
        final long[] executors;
        final long[] readyAt;

        JournaledDag(final long dagId, final DagPlan plan, final long submittedAtEpochMs)
        {
            final int n = plan.jobCount();
            this.dagId = dagId;
            this.plan = plan;
            this.submittedAtEpochMs = submittedAtEpochMs;
            states = new JobState[n];
            java.util.Arrays.fill(states, JobState.WAITING);
            attempts = new int[n];
            tokens = new long[n];
            executors = new long[n];
            readyAt = new long[n];
        }

        AdoptedDag adopted()
        {
            final int n = plan.jobCount();
            return new AdoptedDag(dagId, plan, submittedAtEpochMs, state, false, states.clone(), attempts.clone(), tokens.clone(),
                executors.clone(), readyAt.clone(), new long[n], new long[n], new long[n], new String[n]);
        }
    }

    /** Delivers one batch of what each node's inbox holds, leaving the rest on its way. */
    void deliverSome()
    {
        for (final Node node : nodes)
        {
            node.deliver(1 + random.nextInt(4));
        }
    }

    /** Runs the network and both cores until nothing is on its way and both cores are idle. */
    void settle()
    {
        for (int round = 0; round < 10_000; round++)
        {
            boolean any = false;
            for (final Node node : nodes)
            {
                any |= node.deliver(1 + random.nextInt(8));
            }
            for (final Node node : nodes)
            {
                node.core.onTimeout(0); // sends what waited for a durable batch
            }
            if (!any && nodes[0].inbox.isEmpty() && nodes[1].inbox.isEmpty())
            {
                return;
            }
        }
        fail("the two nodes never went quiet");
    }

    /** The executor finishes every job it runs: Started then Succeeded, to the class node it is linked to. */
    int succeedAll()
    {
        final List<Dispatch> work = new ArrayList<>(classNode().running.values());
        classNode().running.clear();
        for (final Dispatch d : work)
        {
            classNode().event(e -> e.jobCallback(SchedulerEvent.JOB_STARTED, d.instanceId(), d.dagId(), d.jobIndex(), d.token(),
                nowMs[0], false, null, null));
            classNode().event(e -> e.jobCallback(SchedulerEvent.JOB_SUCCEEDED, d.instanceId(), d.dagId(), d.jobIndex(), d.token(),
                nowMs[0], false, null, null));
        }
        return work.size();
    }

    void advance(final long ms)
    {
        nowMs[0] += ms;
        settle();
    }
}
