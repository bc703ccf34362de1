package io.weft.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler's owner dies (kill -9) or freezes (SIGSTOP past the failure detector) while its DAGs have ready,
 * leased and running jobs: another node takes over from the grid, every DAG completes, and no job is accepted as
 * succeeded twice. The two tests share one cluster and run in order; the killed node comes back between them as
 * an ordinary member.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnerFailureTest
{
    private static final Logger LOG = LoggerFactory.getLogger(OwnerFailureTest.class);

    @TempDir
    static Path dir;

    private static ClusterHarness cluster;

    @BeforeAll
    static void startCluster()
    {
        cluster = new ClusterHarness(dir, 3);
        cluster.startExecutor(41, "sleep=4", 0, 1, 2);
        cluster.startExecutor(42, "sleep=4", 0, 1, 2);
        cluster.awaitExecutors(2);
    }

    @AfterAll
    static void stopCluster()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    /** Submits DAGs of 300 ms jobs (more than the 8 slots take at once) through every live node but the owner. */
    private static List<Long> submitWork(final int owner, final String name)
    {
        final List<Long> dagIds = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final int node = i == owner ? cluster.otherThan(owner) : i;
            if (cluster.node(node).isAlive())
            {
                dagIds.add(cluster.submit(node, ClusterEndToEndTest.flatDag(name + "-" + i, 40, "{\"op\":\"sleep\",\"ms\":300}")));
            }
        }
        return dagIds;
    }

    /** Waits until some job is running and some is still ready, so the failure hits work in every state. */
    private static void awaitMixedStates(final List<Long> dagIds)
    {
        try
        {
            await("running and ready jobs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                final List<String> states = cluster.dag(dagIds.get(dagIds.size() - 1)).get("jobs").findValuesAsText("state");
                return states.contains("RUNNING") && states.contains("READY");
            });
        }
        catch (final org.awaitility.core.ConditionTimeoutException ex)
        {
            throw new AssertionError("no mix of running and ready jobs: " + cluster.dag(dagIds.get(dagIds.size() - 1)), ex);
        }
    }

    /** The first dispatch after {@code sinceMs} across the DAGs, as the grid recorded it; 0 when none yet. */
    private static long firstDispatchAfter(final List<Long> dagIds, final long sinceMs)
    {
        long first = 0;
        for (final long dagId : dagIds)
        {
            for (final JsonNode job : cluster.dag(dagId).get("jobs"))
            {
                final JsonNode at = job.get("dispatchedAt");
                if (at != null && !at.isNull())
                {
                    final long ms = Instant.parse(at.asText()).toEpochMilli();
                    if (ms > sinceMs && (first == 0 || ms < first))
                    {
                        first = ms;
                    }
                }
            }
        }
        return first;
    }

    private static String work(final int node, final String instanceId)
    {
        final HttpResponse<String> response = cluster.get(node, "/api/v1/deployments/sample");
        if (response.statusCode() != 200)
        {
            return "";
        }
        for (final JsonNode row : ClusterHarness.json(response).path("nodes"))
        {
            if (row.path("instanceId").asText().equals(instanceId))
            {
                return row.path("work").asText();
            }
        }
        return "";
    }

    @Test
    @Order(1)
    void killingTheOwnerLosesNothingAndAcceptsNothingTwice()
    {
        final int owner = cluster.ownerIndex();
        final List<Long> dagIds = submitWork(owner, "kill");
        awaitMixedStates(dagIds);

        // A drain is an operator's decision: it must outlive the owner that took it.
        assertEquals(202, cluster.post(cluster.otherThan(owner), "/api/v1/deployments/sample/nodes/42/drain").statusCode());
        await("drained").atMost(Duration.ofSeconds(10)).until(() -> work(owner, "42").equals("DRAINING"));

        final long killedAtMs = System.currentTimeMillis();
        cluster.kill(owner);
        await("a new owner").atMost(Duration.ofSeconds(20)).until(() -> cluster.ownerIndex() >= 0);
        final int newOwner = cluster.ownerIndex();
        assertNotEquals(owner, newOwner);
        await("still drained under the new owner").atMost(Duration.ofSeconds(30)).until(() -> work(newOwner, "42").equals("DRAINING"));
        assertEquals(202, cluster.post(newOwner, "/api/v1/deployments/sample/nodes/42/resume").statusCode());
        await("the first dispatch of the new owner").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .until(() -> firstDispatchAfter(dagIds, killedAtMs) > 0);
        final long takeoverMs = firstDispatchAfter(dagIds, killedAtMs) - killedAtMs;

        for (final long dagId : dagIds)
        {
            cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(90));
        }
        final int reruns = ExactlyOnceCheck.check(cluster, dagIds);
        final JsonNode view = cluster.cluster(newOwner);
        // With partitioned ownership the dead node's DAGs go to the owners of their partitions, not all to one node.
        long adopted = 0;
        long leasesAdopted = 0;
        for (int i = 0; i < cluster.size(); i++)
        {
            if (cluster.node(i).isAlive())
            {
                final JsonNode counters = cluster.cluster(i).path("counters");
                adopted += counters.path("ownership.dags-adopted").asLong();
                leasesAdopted += counters.path("scheduler.leases.adopted").asLong();
            }
        }
        LOG.info("kill -9 of the owner: first re-dispatch {} ms after the kill; the new owner rebuilt in {} ms; the survivors adopted {} "
                + "DAG(s) and {} lease(s); {} job(s) ran twice (a lease lost with its owner), none accepted twice",
            takeoverMs, view.path("counters").path("ownership.last-takeover-ms").asLong(), adopted, leasesAdopted, reruns);
        assertTrue(adopted >= 1, view.toString());
        assertTrue(view.path("ownerEpoch").asLong() >= 2, view.toString());
    }

    @Test
    @Order(2)
    void aFrozenOwnerIsFencedOffWhenItThawsAndRejoinsAsAMember()
    {
        for (int i = 0; i < cluster.size(); i++) // the node killed before comes back as an ordinary member
        {
            if (!cluster.node(i).isAlive())
            {
                cluster.restart(i);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.ownerIndex() >= 0 && cluster.cluster(cluster.ownerIndex()).path("gridMembers").asInt() == 3);
        cluster.awaitExecutors(2);
        final List<Long> dagIds = submitWork(cluster.ownerIndex(), "freeze");
        awaitMixedStates(dagIds);
        // The restarted node's return moves partitions, and with them perhaps the scheduler: read who owns it and at
        // which epoch from one view of a node that says it owns it, not from two reads that a move could split.
        final int[] ownerNow = {-1};
        final long[] epochNow = {0};
        await("an owner's own view").atMost(Duration.ofSeconds(30)).until(() -> {
            final int index = cluster.ownerIndex();
            final JsonNode view = index < 0 ? null : cluster.cluster(index);
            if (view == null || !view.path("owner").asBoolean())
            {
                return false;
            }
            ownerNow[0] = index;
            epochNow[0] = view.path("ownerEpoch").asLong();
            return true;
        });
        final int owner = ownerNow[0];
        final long epochBefore = epochNow[0];

        cluster.node(owner).signal("STOP");
        await("a new owner while the old one is frozen").atMost(Duration.ofSeconds(30)).until(() -> {
            final int current = cluster.ownerIndex();
            return current >= 0 && current != owner;
        });
        final int newOwner = cluster.ownerIndex();
        final JsonNode newView = cluster.cluster(newOwner);
        assertTrue(newView.path("ownerEpoch").asLong() > epochBefore, "epoch before " + epochBefore + " (node " + owner + "), node "
            + newOwner + " now: " + newView);
        cluster.node(owner).signal("CONT");

        for (final long dagId : dagIds)
        {
            cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(90));
        }
        ExactlyOnceCheck.check(cluster, dagIds);
        // Rejoining moves partitions again, and the scheduler's may come back to the thawed node: that is a new term
        // under a newer epoch, taken over like any other, never the frozen term resumed.
        final long newEpoch = newView.path("ownerEpoch").asLong();
        await("the thawed node rejoins as an ordinary member").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> {
                final JsonNode view = cluster.cluster(owner);
                return view.path("gridMembers").asInt() == 3 && view.path("counters").path("ownership.step-downs").asLong() >= 1
                    && (!view.path("owner").asBoolean() || view.path("ownerEpoch").asLong() > newEpoch);
            });
        final JsonNode thawed = cluster.cluster(owner);
        LOG.info("the thawed old owner: {}", thawed.path("counters"));
        assertTrue(thawed.path("counters").path("ownership.step-downs").asLong() >= 1, thawed.toString());
        final JsonNode counts = thawed.path("counters");
        // What it still tried after the freeze (timers firing, callbacks that had queued up for it) was refused:
        // by the fence in the records, by a grid that no longer counted it as a member, or as stale by its core.
        assertTrue(counts.path("scheduler.batches.fenced").asLong() + counts.path("scheduler.journal.failures").asLong()
            + counts.path("scheduler.callbacks.stale").asLong() + counts.path("grid.writes.fenced").asLong() > 0, thawed.toString());
        assertEquals(3, cluster.cluster(newOwner).path("gridMembers").asInt());
    }

    /**
     * With partitioned ownership a node owns the DAGs submitted through it (their ids fall in its partitions) while
     * another owns the classes: killing it leaves its DAGs to the owners of its partitions, who adopt them from the
     * grid while the class owner keeps dispatching.
     */
    @Test
    @Order(3)
    void killingANodeThatOwnsDagsButNotTheClassesLosesNothingAndAcceptsNothingTwice()
    {
        for (int i = 0; i < cluster.size(); i++)
        {
            if (!cluster.node(i).isAlive())
            {
                cluster.restart(i);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.ownerIndex() >= 0 && cluster.cluster(cluster.ownerIndex()).path("gridMembers").asInt() == 3);
        cluster.awaitExecutors(2);
        final int classOwner = cluster.ownerIndex();
        final int victim = cluster.otherThan(classOwner);
        final List<Long> dagIds = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            // The restarts above may still be moving partitions, and a node whose partitions change starts a new term:
            // a submission caught in that answers 503, which a client retries. (No reference key: a keyed DAG goes
            // to the class owner, and these must be the victim's.)
            dagIds.add(cluster.submitRetryingUnavailable(victim, ClusterEndToEndTest.flatDag("dag-owner-" + i, 40, "{\"op\":\"sleep\",\"ms\":300}")));
        }
        awaitMixedStates(dagIds);
        final long adoptedBefore = adoptedBySurvivors(victim);

        final long killedAtMs = System.currentTimeMillis();
        cluster.kill(victim);
        await("the first dispatch after the kill").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .until(() -> firstDispatchAfter(dagIds, killedAtMs) > 0);
        final long takeoverMs = firstDispatchAfter(dagIds, killedAtMs) - killedAtMs;
        for (final long dagId : dagIds)
        {
            cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(90));
        }
        final int reruns = ExactlyOnceCheck.check(cluster, dagIds);
        final long adopted = adoptedBySurvivors(victim) - adoptedBefore;
        LOG.info("kill -9 of a node that owned DAGs but not the classes: first re-dispatch of its DAGs {} ms after the kill; "
            + "the survivors adopted {} DAG(s); {} job(s) ran twice, none accepted twice", takeoverMs, adopted, reruns);
        if (!"single".equals(System.getProperty("weft.test.ownership")))
        {
            // A DAG accepted while the node's partitions were still moving may live elsewhere; at least one was its.
            assertTrue(adopted >= 1, "the dead node's DAGs were adopted by the owners of its partitions: " + adopted);
        }
    }

    private static long adoptedBySurvivors(final int except)
    {
        long adopted = 0;
        for (int i = 0; i < cluster.size(); i++)
        {
            if (i != except && cluster.node(i).isAlive())
            {
                adopted += cluster.cluster(i).path("counters").path("ownership.dags-adopted").asLong();
            }
        }
        return adopted;
    }
}
