package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.scheduler.api.MetricsSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node (Hazelcast member, Disruptor core, Aeron media driver, Netty REST bridge) and the sample executor in
 * its own OS process, talking UDP on 127.0.0.1. Nothing is faked. Jobs ask the sample executor to echo their
 * payload, so every job's result makes the whole trip: executor, link, ring, journal, grid and REST.
 */
class NodeEndToEndTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LAYERS = 10;
    private static final int WIDTH = 100;

    @TempDir
    Path tmp;

    private WeftNode node;
    private SampleExecutorProcess executor;
    private Path executions;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void startNodeAndExecutor()
    {
        node = WeftNode.start(NodeConfig.defaults()
            .with("cluster.name", "weft-e2e-" + UUID.randomUUID())
            .with("grid.port", "0")
            .with("rest.port", "0")
            .with("executor.endpoint", "127.0.0.1:0")
            .with("aeron.dir", tmp.resolve("aeron-node").toString())
            .with("security.admin-token-file", tmp.resolve("admin-token").toString())
            .with("security.executor-token-file", tmp.resolve("executor-token").toString()));
        base = "http://127.0.0.1:" + node.restPort();
        executions = tmp.resolve("executions.txt");
        executor = SampleExecutorProcess.start(
            node.executorEndpoint(), "noop=16", tmp.resolve("executor.log"), "--record-file", executions.toString(),
            "--token-file", tmp.resolve("executor-token").toString(),
            "--aeron-dir", tmp.resolve("aeron-executor").toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> !node.scheduler().executors().isEmpty());
    }

    @AfterEach
    void stop()
    {
        if (executor != null)
        {
            executor.close();
        }
        if (node != null)
        {
            node.close();
        }
    }

    @Test
    void runsAThousandJobDagExactlyOnceAndAfterEveryParentAndReturnsEachResult() throws Exception
    {
        final JsonNode executors = JSON.readTree(get("/api/v1/executors").body()).get("executors");
        assertEquals(1, executors.size());
        assertEquals(16, executors.get(0).get("slots").get(0).get("total").asInt());

        final Map<String, List<String>> parents = new HashMap<>();
        final HttpResponse<String> submitted = post(layeredDag(parents));
        assertEquals(202, submitted.statusCode(), submitted.body());
        final String location = JSON.readTree(submitted.body()).get("location").asText();
        assertEquals(location, submitted.headers().firstValue("Location").orElseThrow());

        final JsonNode[] finalView = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            finalView[0] = JSON.readTree(get(location).body());
            return finalView[0].get("state").asText().equals("SUCCEEDED") || finalView[0].get("state").asText().equals("FAILED");
        });
        final JsonNode dag = finalView[0];
        assertEquals("SUCCEEDED", dag.get("state").asText(), dag.toString());

        final Map<String, JsonNode> jobs = new HashMap<>();
        dag.get("jobs").forEach(job -> jobs.put(job.get("id").asText(), job));
        assertEquals(LAYERS * WIDTH, jobs.size());
        for (final JsonNode job : jobs.values())
        {
            assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
            assertEquals(1, job.get("attempts").asInt(), job.toString());
            final int page = Integer.parseInt(job.get("id").asText().substring(job.get("id").asText().indexOf('-') + 1));
            assertEquals(JSON.createObjectNode().put("op", "echo").put("page", page), job.get("result"), job.toString());
            assertFalse(job.has("resultEncoding"), job.toString());
            final Instant dispatched = Instant.parse(job.get("dispatchedAt").asText());
            for (final String parent : parents.get(job.get("id").asText()))
            {
                final Instant parentFinished = Instant.parse(jobs.get(parent).get("finishedAt").asText());
                assertFalse(dispatched.isBefore(parentFinished), job.get("id") + " dispatched before parent " + parent + " finished");
            }
        }

        // The executor's own record: every job ran exactly once, and never before a parent had finished running.
        final long dagId = Long.parseLong(dag.get("dagId").asText());
        final List<String> lines = Files.readAllLines(executions);
        assertEquals(LAYERS * WIDTH, lines.size());
        final Set<String> ranJobs = new HashSet<>();
        for (final String line : lines)
        {
            final String[] fields = line.split(" ");
            assertEquals(dagId, Long.parseLong(fields[0]));
            final String jobId = fields[2];
            assertTrue(ranJobs.add(jobId), "job " + jobId + " ran twice");
            for (final String parent : parents.get(jobId))
            {
                assertTrue(ranJobs.contains(parent), jobId + " ran before its parent " + parent);
            }
        }
        assertEquals(0, node.scheduler().counters().staleCallbacks());

        final MetricsSnapshot metrics = node.api().metrics();
        assertEquals(LAYERS * WIDTH, metrics.counters().get("scheduler.jobs.succeeded"));
        assertEquals(0L, metrics.counters().get("scheduler.callbacks.stale"));
        assertEquals(0L, metrics.counters().get("scheduler.results.over-limit"));
        assertEquals(16L, metrics.gauges().get("slots.noop.total"));
        assertTrue(metrics.stages().get("ready-to-dispatch").count() >= LAYERS * WIDTH);
        assertTrue(metrics.stages().get("submit-to-terminal").p99Us() > 0);
    }

    @Test
    void badInputIsRefusedWithProblemJsonAndTheNodeKeepsWorking() throws Exception
    {
        final HttpResponse<String> malformed = post("{\"jobs\": [");
        assertEquals(400, malformed.statusCode());
        assertEquals("application/problem+json", malformed.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);

        final HttpResponse<String> cycle = post("{\"jobs\":[{\"id\":\"a\",\"executorClass\":\"noop\",\"dependsOn\":[\"b\"]},"
            + "{\"id\":\"b\",\"executorClass\":\"noop\",\"dependsOn\":[\"a\"]}]}");
        assertEquals(422, cycle.statusCode());
        assertTrue(cycle.body().contains("dependency-cycle"), cycle.body());

        final HttpResponse<String> ok = post("{\"name\":\"after-bad-input\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"noop\"}]}");
        assertEquals(202, ok.statusCode(), ok.body());
        final String location = JSON.readTree(ok.body()).get("location").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get(location).body()).get("state").asText().equals("SUCCEEDED"));
        assertEquals(404, get("/api/v1/dags/12345").statusCode());
    }

    /** LAYERS layers of WIDTH jobs; each job below the first depends on two jobs of the layer above. */
    private static String layeredDag(final Map<String, List<String>> parents)
    {
        final ObjectNode dag = JSON.createObjectNode().put("name", "e2e-layers");
        final ArrayNode jobs = dag.putArray("jobs");
        for (int layer = 0; layer < LAYERS; layer++)
        {
            for (int i = 0; i < WIDTH; i++)
            {
                final String id = "l" + layer + "-" + i;
                final ObjectNode job = jobs.addObject().put("id", id).put("executorClass", "noop").put("priority", i % 7);
                job.putObject("payload").put("op", "echo").put("page", i);
                final ArrayNode deps = job.putArray("dependsOn");
                final List<String> jobParents = layer == 0
                    ? List.of()
                    : List.copyOf(new HashSet<>(List.of("l" + (layer - 1) + "-" + i, "l" + (layer - 1) + "-" + ((i * 7 + 3) % WIDTH))));
                jobParents.forEach(deps::add);
                parents.put(id, jobParents);
            }
        }
        return dag.toString();
    }

    private HttpResponse<String> post(final String body) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/dags"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + node.adminToken())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(final String path) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + node.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertNotNull(response.body());
        return response;
    }
}
