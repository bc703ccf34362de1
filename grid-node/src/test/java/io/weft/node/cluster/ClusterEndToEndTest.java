package io.weft.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real nodes in one grid, and executors attached to the nodes that do not own the scheduler: every node
 * serves every call, and work submitted anywhere runs on executors attached anywhere. One cluster for the class.
 */
class ClusterEndToEndTest
{
    @TempDir
    static Path dir;

    private static ClusterHarness cluster;
    private static int owner;

    @BeforeAll
    static void startCluster()
    {
        cluster = new ClusterHarness(dir, 3);
        owner = cluster.ownerIndex();
        final List<Integer> others = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            if (i != owner)
            {
                others.add(i);
            }
        }
        // Each executor knows only one node, and not the owner: it must be sent on to it.
        cluster.startExecutor(31, "noop=4,sleep=2", others.get(0));
        cluster.startExecutor(32, "noop=4,sleep=2", others.get(1));
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

    static String flatDag(final String name, final int jobs, final String payload)
    {
        final StringBuilder json = new StringBuilder("{\"name\":\"" + name + "\",\"jobs\":[");
        for (int i = 0; i < jobs; i++)
        {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"j").append(i).append("\",\"executorClass\":\"")
                .append(payload.contains("sleep") ? "sleep" : "noop").append("\",\"payload\":").append(payload).append('}');
        }
        return json.append("]}").toString();
    }

    @Test
    void aDagSubmittedToEachNodeRunsOnExecutorsAttachedElsewhere()
    {
        final long[] dagIds = new long[3];
        for (int node = 0; node < 3; node++)
        {
            dagIds[node] = cluster.submit(node, flatDag("from-node-" + node, 100, "{\"op\":\"noop\"}"));
        }
        for (final long dagId : dagIds)
        {
            cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(60));
        }
        final Map<String, Integer> runs = cluster.runsPerJob();
        for (final long dagId : dagIds)
        {
            for (int job = 0; job < 100; job++)
            {
                assertEquals(1, runs.getOrDefault(dagId + "/" + job, 0), "job " + dagId + "/" + job + " ran once");
            }
        }
        // The event stream is the cluster's, not a node's: every node serves the same events of a DAG, to its end.
        final String path = "/api/v1/events?after=-1&limit=1000&dagId=" + dagIds[0];
        await("the DAG's last event").atMost(Duration.ofSeconds(10)).until(() ->
            ClusterHarness.json(cluster.get(0, path)).path("events").findValuesAsText("type").contains("dag.succeeded"));
        final String events = ClusterHarness.json(cluster.get(0, path)).path("events").toString();
        assertEquals(events, ClusterHarness.json(cluster.get(1, path)).path("events").toString());
        assertEquals(events, ClusterHarness.json(cluster.get(2, path)).path("events").toString());
    }

    @Test
    void aLatencyAnswerAddsUpEveryNodesHistogramsAndCapacityComesFromTheOwner()
    {
        final long dagId = cluster.submit((owner + 1) % 3, flatDag("measured", 20, "{\"op\":\"noop\"}"));
        cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(60));
        long count = -1;
        for (int node = 0; node < 3; node++)
        {
            final JsonNode answer = ClusterHarness.json(cluster.get(node, "/api/v1/latency/slot-occupancy?class=noop"));
            final List<String> nodes = new ArrayList<>();
            answer.path("nodes").forEach(n -> nodes.add(n.asText()));
            nodes.sort(String::compareTo);
            assertEquals(List.of("node-0", "node-1", "node-2"), nodes, "node " + node + " asked every node");
            assertEquals(0, answer.path("missingNodes").size());
            assertTrue(answer.path("count").asLong() >= 20, answer.toString());
            if (count >= 0)
            {
                assertEquals(count, answer.path("count").asLong(), "the same sum whichever node adds it up");
            }
            count = answer.path("count").asLong();
            final JsonNode capacity = ClusterHarness.json(cluster.get(node, "/api/v1/capacity"));
            assertEquals(4, capacity.path("executors").size(), "node " + node + " answers with the owner's executors, two classes each");
        }
    }

    @Test
    void everyNodeGivesTheSameAnswerAboutExecutorsAndTheOwner()
    {
        for (int node = 0; node < 3; node++)
        {
            final JsonNode executors = ClusterHarness.json(cluster.get(node, "/api/v1/executors")).path("executors");
            assertEquals(2, executors.size(), "node " + node + " lists every executor of the cluster");
            for (final JsonNode executor : executors)
            {
                assertEquals("node-" + owner, executor.path("node").asText(), "executors are linked to the owner");
            }
            final JsonNode view = cluster.cluster(node);
            assertEquals("node-" + owner, view.path("ownerNodeId").asText());
            assertEquals(node == owner, view.path("owner").asBoolean());
            assertEquals(3, view.path("gridMembers").asInt());
        }
    }

    @Test
    void cancelAndPauseThroughANodeThatDoesNotOwnTheSchedulerTakeEffect()
    {
        final int other = cluster.otherThan(owner);
        final int third = 3 - owner - other;
        final long paused = cluster.submit(other, flatDag("paused", 6, "{\"op\":\"sleep\",\"ms\":300}"));
        assertEquals(202, cluster.post(third, "/api/v1/dags/" + paused + "/pause").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.dag(paused).get("state").asText(), "PAUSED"::equals);
        assertEquals(202, cluster.post(other, "/api/v1/dags/" + paused + "/resume").statusCode());
        cluster.awaitDagState(paused, "SUCCEEDED", Duration.ofSeconds(60));

        final long cancelled = cluster.submit(third, flatDag("cancelled", 20, "{\"op\":\"sleep\",\"ms\":500}"));
        final HttpResponse<String> cancel = cluster.post(other, "/api/v1/dags/" + cancelled + "/cancel");
        assertEquals(202, cancel.statusCode(), cancel.body());
        cluster.awaitDagState(cancelled, "CANCELLED", Duration.ofSeconds(30));

        assertEquals(202, cluster.post(third, "/api/v1/scheduler/classes/noop/pause").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(
            () -> ClusterHarness.json(cluster.get(other, "/api/v1/scheduler")).toString().contains("noop"));
        final long waiting = cluster.submit(other, flatDag("waits-for-resume", 3, "{\"op\":\"noop\"}"));
        assertEquals("PENDING", cluster.dag(waiting).get("state").asText());
        assertEquals(202, cluster.post(other, "/api/v1/scheduler/classes/noop/resume").statusCode());
        cluster.awaitDagState(waiting, "SUCCEEDED", Duration.ofSeconds(30));
    }
}
