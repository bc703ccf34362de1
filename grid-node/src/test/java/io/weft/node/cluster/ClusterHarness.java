package io.weft.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.node.JsonHttp;
import io.weft.node.SampleExecutorProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Several real nodes, each its own JVM, in one grid, and sample executors as their own processes, all over
 * 127.0.0.1 with ports bound to 0, a unique cluster name and every Aeron directory under the test's directory.
 * Failure detection is short (members silent for 2 s are dead, the default, unrenewed leases expire after 4 s) so that a kill
 * or a freeze is noticed within a test's time.
 */
final class ClusterHarness implements AutoCloseable
{

    static final int LEASE_TIMEOUT_MS = 4_000;

    private final Path dir;
    private final String clusterName = "weft-cluster-" + UUID.randomUUID();
    private final int expectedMembers;
    private final NodeProcess[] nodes;
    private final int[] starts;
    private final List<SampleExecutorProcess> executors = new ArrayList<>();
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(3), Duration.ofSeconds(15));
    private final Map<String, String> extraSettings;
    private final int[] restPorts;

    /** Set -Dweft.test.cluster-dir=DIR to keep the nodes' and executors' logs after the test. */
    ClusterHarness(final Path tempDir, final int nodeCount)
    {
        this(tempDir, nodeCount, Map.of());
    }

    /** As above, with settings every node gets on top of the harness's (they win). */
    ClusterHarness(final Path tempDir, final int nodeCount, final Map<String, String> extraSettings)
    {
        this.extraSettings = Map.copyOf(extraSettings);
        this.restPorts = new int[nodeCount];
        final String keep = System.getProperty("weft.test.cluster-dir");
        this.dir = keep == null ? tempDir : Path.of(keep).resolve(clusterName);
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        this.expectedMembers = nodeCount;
        this.nodes = new NodeProcess[nodeCount];
        this.starts = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            nodes[i] = startNode(i);
        }
        await("one owner for the cluster").atMost(Duration.ofSeconds(60)).until(() -> ownerIndex() >= 0);
    }

    private NodeProcess startNode(final int index)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", clusterName);
        settings.put("grid.port", "0");
        settings.put("grid.members", liveGridAddresses(index));
        settings.put("grid.expected-members", Integer.toString(expectedMembers));
        settings.put("grid.heartbeat-interval-ms", "1000");
        settings.put("grid.max-silence-ms", "2000");
        settings.put("rest.port", "0");
        settings.put("executor.endpoint", "127.0.0.1:0");
        settings.put("aeron.dir", dir.resolve("aeron-node-" + index + "-" + starts[index]++).toString());
        settings.put("scheduler.heartbeat-timeout-ms", "3000");
        settings.put("executor.lease-timeout-ms", Integer.toString(LEASE_TIMEOUT_MS));
        settings.put("fabric.enabled", "false");
        settings.put("cluster.settle-timeout-ms", "0"); // the first node cannot settle before a quorum has joined
        settings.put("security.admin-token-file", adminTokenFile().toString());
        settings.put("security.executor-token-file", dir.resolve("executor-token").toString());
        // -Dweft.test.ownership=single runs any cluster test with one scheduling owner instead of the default.
        if (System.getProperty("weft.test.ownership") != null)
        {
            settings.put("cluster.ownership", System.getProperty("weft.test.ownership"));
        }
        settings.putAll(extraSettings);
        if (restPorts[index] != 0)
        {
            settings.put("rest.port", Integer.toString(restPorts[index]));
        }
        final NodeProcess node = NodeProcess.start(dir, "node-" + index, settings);
        restPorts[index] = URI.create(node.baseUrl()).getPort();
        return node;
    }

    private String liveGridAddresses(final int except)
    {
        final List<String> addresses = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++)
        {
            if (i != except && nodes[i] != null && nodes[i].isAlive())
            {
                addresses.add(nodes[i].gridAddress());
            }
        }
        return String.join(",", addresses);
    }

    NodeProcess node(final int index)
    {
        return nodes[index];
    }

    int size()
    {
        return nodes.length;
    }

    /** Index of the node that says it owns the scheduler, or -1 when none does (or none answers). */
    int ownerIndex()
    {
        for (int i = 0; i < nodes.length; i++)
        {
            if (nodes[i].isAlive())
            {
                final JsonNode view = tryCluster(i);
                if (view != null && view.path("owner").asBoolean())
                {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Any live node other than {@code index}. */
    int otherThan(final int index)
    {
        for (int i = 0; i < nodes.length; i++)
        {
            if (i != index && nodes[i].isAlive())
            {
                return i;
            }
        }
        throw new IllegalStateException("no live node other than " + index);
    }

    JsonNode cluster(final int index)
    {
        final HttpResponse<String> response = get(index, "/api/v1/cluster");
        if (response.statusCode() != 200)
        {
            throw new AssertionError("node " + index + " answered GET /api/v1/cluster with " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    private JsonNode tryCluster(final int index)
    {
        try
        {
            final HttpResponse<String> response = get(index, "/api/v1/cluster");
            return response.statusCode() == 200 ? json(response) : null;
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    void kill(final int index)
    {
        nodes[index].kill();
    }

    /** Starts a killed node again, on the REST port it had, so clients that know its address find it. */
    void start(final int index)
    {
        nodes[index] = startNode(index);
    }

    void restart(final int index)
    {
        nodes[index].kill();
        restPorts[index] = 0;
        nodes[index] = startNode(index);
    }

    /** Starts a sample executor linked first to the given nodes (it learns the rest from them). */
    SampleExecutorProcess startExecutor(final long instanceId, final String slots, final int... nodeIndexes)
    {
        final List<String> endpoints = new ArrayList<>();
        for (final int i : nodeIndexes)
        {
            endpoints.add(nodes[i].executorEndpoint());
        }
        final SampleExecutorProcess process = SampleExecutorProcess.start(
            String.join(",", endpoints), slots, dir.resolve("executor-" + instanceId + ".log"),
            "--instance-id", Long.toString(instanceId),
            "--heartbeat-ms", "200",
            "--token-file", dir.resolve("executor-token").toString(),
            "--record-file", recordFile(instanceId).toString(),
            "--aeron-dir", dir.resolve("aeron-executor-" + instanceId).toString());
        executors.add(process);
        return process;
    }

    void awaitExecutors(final int count)
    {
        await("executors registered with the owner").atMost(Duration.ofSeconds(60)).until(() -> {
            final int owner = ownerIndex();
            return owner >= 0 && json(get(owner, "/api/v1/executors")).path("executors").size() == count;
        });
    }

    Path recordFile(final long instanceId)
    {
        return dir.resolve("executions-" + instanceId + ".txt");
    }

    /** "dagId jobIndex jobId attempt fencingToken" per job an executor ran to completion, across all executors. */
    List<String> allRecords()
    {
        final List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().startsWith("executions-")).collect(Collectors.toList()))
            {
                lines.addAll(Files.readAllLines(file));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return lines;
    }

    /** Completed runs per "dagId/jobIndex", from the executors' own records. */
    Map<String, Integer> runsPerJob()
    {
        final Map<String, Integer> runs = new HashMap<>();
        for (final String line : allRecords())
        {
            final String[] parts = line.trim().split(" ");
            if (parts.length >= 2)
            {
                runs.merge(parts[0] + "/" + parts[1], 1, Integer::sum);
            }
        }
        return runs;
    }

    long submit(final int index, final String dagJson)
    {
        final HttpResponse<String> response = post(index, "/api/v1/dags", dagJson);
        if (response.statusCode() != 202)
        {
            throw new AssertionError("submit to node " + index + " answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(json(response).get("dagId").asText());
    }

    /**
     * Submits through one node until it answers 202. A 503 is the API's cue to retry (ownership moving, as while a
     * restarted node's partitions migrate), so it is retried here, through the same node, as a client would; a DAG
     * a refused try left in the grid runs on its own and is not among the ids the caller checks.
     */
    long submitRetryingUnavailable(final int index, final String dagJson)
    {
        final long[] dagId = {-1};
        org.awaitility.Awaitility.await("node " + index + " takes the DAG").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
                final HttpResponse<String> response = post(index, "/api/v1/dags", dagJson);
                if (response.statusCode() == 202)
                {
                    dagId[0] = Long.parseLong(json(response).get("dagId").asText());
                    return true;
                }
                if (response.statusCode() != 503)
                {
                    throw new AssertionError("submit to node " + index + " answered " + response.statusCode() + ": " + response.body());
                }
                return false;
            });
        return dagId[0];
    }

    JsonNode dag(final int index, final long dagId)
    {
        final HttpResponse<String> response = get(index, "/api/v1/dags/" + dagId);
        if (response.statusCode() != 200)
        {
            throw new AssertionError("GET dag " + dagId + " from node " + index + ": " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    /** The DAG as any live node reads it from the grid. */
    JsonNode dag(final long dagId)
    {
        return dag(otherThan(-1), dagId);
    }

    void awaitDagState(final long dagId, final String state, final Duration atMost)
    {
        await("DAG " + dagId + " " + state).atMost(atMost).pollInterval(Duration.ofMillis(200))
            .until(() -> dag(dagId).get("state").asText(), state::equals);
    }

    HttpResponse<String> get(final int index, final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(nodes[index].baseUrl() + path)).GET());
    }

    HttpResponse<String> post(final int index, final String path, final String jsonBody)
    {
        return send(HttpRequest.newBuilder(URI.create(nodes[index].baseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    HttpResponse<String> put(final int index, final String path, final String jsonBody)
    {
        return send(HttpRequest.newBuilder(URI.create(nodes[index].baseUrl() + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    HttpResponse<String> post(final int index, final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(nodes[index].baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode json(final HttpResponse<String> response)
    {
        return JsonHttp.json(response);
    }

    private HttpResponse<String> send(final HttpRequest.Builder request)
    {
        return http.send(request.header("Authorization", "Bearer " + adminToken()));
    }

    /** Every node of the cluster writes the same generated admin token here (it is kept in the grid). */
    Path adminTokenFile()
    {
        return dir.resolve("admin-token");
    }

    String adminToken()
    {
        try
        {
            return java.nio.file.Files.readString(adminTokenFile()).strip();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("no node has written the admin token yet", ex);
        }
    }

    @Override
    public void close()
    {
        for (final SampleExecutorProcess executor : executors)
        {
            executor.close();
        }
        for (final NodeProcess node : nodes)
        {
            if (node != null)
            {
                node.close();
            }
        }
    }
}
