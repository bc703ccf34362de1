package io.weft.scheduler.core;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.port.OwnerMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DAG's owner and its class's owner on two nodes: every lease is a request from the class node, a grant from
 * the DAG node once its journal holds the lease, a dispatch from the class node, and callbacks relayed back. The
 * harness fails any grant sent before its lease is journaled.
 */
class SplitOwnersTest
{
    private static final RetryPolicy RETRY = new RetryPolicy(3, 10, 2.0, 100, 0.0);
    private static final List<String> CLASSES = List.of("ocr", "llm", "split");

    private static JobSpec job(final String id, final String executorClass, final String... parents)
    {
        return new JobSpec(id, executorClass, 0, null, List.of(parents), RETRY, 0, 0, 0);
    }

    private static DagSpec chainAndFan(final int n)
    {
        final List<JobSpec> jobs = new ArrayList<>();
        jobs.add(job("root", "split"));
        for (int i = 0; i < n; i++)
        {
            jobs.add(job("page-" + i, i % 2 == 0 ? "ocr" : "llm", "root"));
        }
        final String[] pages = jobs.stream().skip(1).map(JobSpec::id).toArray(String[]::new);
        jobs.add(job("merge", "split", pages));
        return new DagSpec("fan-" + n, jobs, FailurePolicy.CONTINUE);
    }

    private static void runToCompletion(final SplitOwnersHarness h)
    {
        for (int round = 0; round < 200 && h.dagNode().core.activeDagCount() > 0; round++)
        {
            h.settle();
            h.succeedAll();
            h.advance(20);
        }
    }

    private static void assertAllSucceededOnce(final SplitOwnersHarness h, final Map<Long, Integer> jobsByDag)
    {
        final SplitOwnersHarness.Node dags = h.dagNode();
        for (final Map.Entry<Long, Integer> dag : jobsByDag.entrySet())
        {
            assertEquals(DagState.SUCCEEDED, dags.journaledDags.get(dag.getKey()), "DAG " + dag.getKey());
            for (int job = 0; job < dag.getValue(); job++)
            {
                final String key = dag.getKey() + "/" + job;
                assertEquals(JobState.SUCCEEDED, dags.journaledJobs.get(key), key);
                assertEquals(1, dags.successes.get(key), "successes of " + key);
            }
        }
        assertEquals(0, dags.core.activeDagCount());
        final SplitOwnersHarness.Node classes = h.classNode();
        assertEquals(0, classes.journalWrites, "the class node owns no DAG, so it writes nothing");
        assertEquals(0, classes.core.classRuns(), "every DagFinished reached the class node");
        for (final String executorClass : CLASSES)
        {
            assertEquals(0, classes.core.usedSlots(executorClass), "slots in use of " + executorClass);
            assertEquals(0, classes.core.readyJobs(executorClass));
        }
    }

    @Test
    void aDagOwnedByOneNodeRunsOnAnExecutorLinkedToAnother()
    {
        final SplitOwnersHarness h = new SplitOwnersHarness(1);
        h.classNode().register(7, Map.of("ocr", 2, "llm", 2, "split", 1));
        h.settle();
        final long dagId = h.dagNode().submit(chainAndFan(6), 100);
        runToCompletion(h);

        assertAllSucceededOnce(h, Map.of(dagId, 8));
        assertEquals(8, h.classNode().dispatches.size(), "one dispatch per job");
        assertEquals(0, h.dagNode().dispatches.size(), "the DAG node has no executor and dispatches nothing");
        assertEquals(8, h.dagNode().sentByType.get(OwnerMessage.LEASE_GRANTED));
        assertEquals(8, h.classNode().sentByType.get(OwnerMessage.JOB_SUCCEEDED), "each success relayed once");
    }

    @Test
    void leasesSurviveAShuffledNetworkThatDeliversSomeMessagesTwice()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final SplitOwnersHarness h = new SplitOwnersHarness(seed);
            h.shuffle = true;
            h.duplicateRate = 0.2;
            h.classNode().register(7, Map.of("ocr", 3, "llm", 1, "split", 2));
            h.settle();
            final Map<Long, Integer> jobs = new java.util.HashMap<>();
            for (int d = 0; d < 6; d++)
            {
                final int pages = 1 + (int)((seed + d) % 7);
                jobs.put(h.dagNode().submit(chainAndFan(pages), 100 + d), pages + 2);
            }
            runToCompletion(h);
            assertAllSucceededOnce(h, jobs);
        }
    }

    @Test
    void aCancelOnTheDagNodeStopsTheJobRunningOnTheClassNode()
    {
        final SplitOwnersHarness h = new SplitOwnersHarness(2);
        h.classNode().register(7, Map.of("ocr", 1, "split", 1));
        h.settle();
        final long dagId = h.dagNode().submit(new DagSpec("one", List.of(job("a", "ocr"), job("b", "ocr", "a")), FailurePolicy.CONTINUE), 100);
        h.settle();
        final SplitOwnersHarness.Dispatch running = h.classNode().running.values().iterator().next();

        h.dagNode().event(e -> e.cancel(dagId, -1));
        h.settle();
        assertEquals(List.of(running.token()), h.classNode().cancels, "the class node told the executor to stop");
        // The executor stops the job and says so; the DAG ends cancelled and the slot is free again.
        h.classNode().event(e -> e.jobCallback(SchedulerEvent.JOB_FAILED, running.instanceId(), dagId, running.jobIndex(),
            running.token(), h.nowMs[0], false, "cancelled", null));
        h.settle();
        assertEquals(DagState.CANCELLED, h.dagNode().journaledDags.get(dagId));
        assertEquals(0, h.classNode().core.usedSlots("ocr"));
        assertEquals(0, h.classNode().core.classRuns());
    }

    @Test
    void anExecutorLostOnTheClassNodeSendsItsJobsBackToRetryOnTheDagNode()
    {
        final SplitOwnersHarness h = new SplitOwnersHarness(3);
        h.classNode().register(7, Map.of("ocr", 1));
        h.settle();
        final long dagId = h.dagNode().submit(new DagSpec("one", List.of(job("a", "ocr")), FailurePolicy.CONTINUE), 100);
        h.settle();
        final long firstToken = h.classNode().running.values().iterator().next().token();

        // Silent past the heartbeat timeout; a second executor takes the retry.
        h.nowMs[0] += 6_000;
        h.classNode().register(8, Map.of("ocr", 1));
        for (int i = 0; i < 10; i++)
        {
            h.advance(20); // the loss reaches the DAG node, the retry's backoff passes, its lease goes to the class node
        }
        final SplitOwnersHarness.Dispatch retry = h.classNode().running.get(h.classNode().dispatches.get(1).token());
        assertEquals(8, retry.instanceId());
        assertTrue(retry.token() > firstToken, "the retry runs under a newer token");
        runToCompletion(h);
        assertAllSucceededOnce(h, Map.of(dagId, 1));
    }

    @Test
    void aPausedClassOnItsOwnerHoldsTheDagNodesWorkUntilResumed()
    {
        final SplitOwnersHarness h = new SplitOwnersHarness(4);
        h.classNode().register(7, Map.of("ocr", 2));
        h.classNode().event(e -> e.pauseOrResume(true, "ocr"));
        h.settle();
        final long dagId = h.dagNode().submit(new DagSpec("two", List.of(job("a", "ocr"), job("b", "ocr")), FailurePolicy.CONTINUE), 100);
        h.advance(100);
        assertEquals(0, h.classNode().dispatches.size());
        assertEquals(2, h.classNode().core.readyJobs("ocr"));

        h.classNode().event(e -> e.pauseOrResume(false, "ocr"));
        runToCompletion(h);
        assertAllSucceededOnce(h, Map.of(dagId, 2));
    }

    @Test
    void aClassNodeThatStartsAfreshIsToldAgainWhatRunsAndWhatIsReady()
    {
        final SplitOwnersHarness h = new SplitOwnersHarness(5);
        h.classNode().register(7, Map.of("ocr", 2, "llm", 2, "split", 1));
        h.settle();
        final long dagId = h.dagNode().submit(chainAndFan(6), 100);
        h.settle();
        h.succeedAll(); // the root
        h.advance(20);
        assertEquals(4, h.classNode().running.size(), "pages are running when the class node restarts");

        // A new term on the class node knows nothing; its executor links to it again and keeps running its jobs.
        h.classNode().restart(2);
        h.classNode().register(7, Map.of("ocr", 2, "llm", 2, "split", 1));
        h.settle();
        assertEquals(4, h.classNode().core.usedSlots("ocr") + h.classNode().core.usedSlots("llm"),
            "the DAG node sent its live leases again, and they hold their slots on the new term");
        runToCompletion(h);
        assertAllSucceededOnce(h, Map.of(dagId, 8));
        assertEquals(8, h.classNode().dispatches.size(), "nothing ran twice");
    }

    @Test
    void aDagNodeThatTakesOverAgainAdoptsItsDagsAndTheClassNodeForgetsTheOldTerm()
    {
        final SplitOwnersHarness h = new SplitOwnersHarness(6);
        h.classNode().register(7, Map.of("ocr", 2, "llm", 2, "split", 1));
        h.settle();
        final long dagId = h.dagNode().submit(chainAndFan(6), 100);
        h.settle();
        h.succeedAll();
        h.advance(20);
        final int runningBefore = h.classNode().running.size();
        assertTrue(runningBefore > 0);

        // The DAG node restarts under a newer epoch and adopts from its journal; leases still running are adopted
        // and their callbacks, relayed by the class node, are accepted by the new term.
        h.dagNode().restart(3);
        runToCompletion(h);
        assertAllSucceededOnce(h, Map.of(dagId, 8));
        assertEquals(8, h.classNode().dispatches.size(), "the running pages were adopted, not run again");
    }

    @Test
    void restartsOfEitherNodeOverAShuffledNetworkLoseNothingAndAcceptNoJobTwice()
    {
        long stale = 0;
        for (long seed = 1; seed <= 30; seed++)
        {
            final SplitOwnersHarness h = new SplitOwnersHarness(seed);
            h.shuffle = true;
            h.duplicateRate = 0.1;
            h.classNode().register(7, Map.of("ocr", 2, "llm", 1, "split", 2));
            h.settle();
            final Map<Long, Integer> jobs = new java.util.HashMap<>();
            for (int d = 0; d < 4; d++)
            {
                final int pages = 1 + (int)((seed * 3 + d) % 6);
                jobs.put(h.dagNode().submit(chainAndFan(pages), 100 + d), pages + 2);
            }
            long epoch = 2;
            for (int round = 0; round < 200 && h.dagNode().core.activeDagCount() > 0; round++)
            {
                final int roll = h.random.nextInt(12);
                if (roll == 0 && epoch < 6)
                {
                    h.dagNode().restart(epoch++);
                }
                else if (roll == 1 && epoch < 6)
                {
                    h.classNode().restart(epoch++);
                    h.classNode().register(7, Map.of("ocr", 2, "llm", 1, "split", 2));
                }
                h.deliverSome();
                if (h.random.nextBoolean())
                {
                    h.succeedAll();
                }
                h.advance(20);
            }
            runToCompletion(h);
            assertAllSucceededOnce(h, jobs);
            stale += h.classNode().counters.staleOwnerMessages() + h.dagNode().counters.staleOwnerMessages();
        }
        assertTrue(stale > 0, "some messages of replaced terms were still on their way, and were dropped");
    }
}
