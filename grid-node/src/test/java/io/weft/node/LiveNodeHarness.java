package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real node and sample executors as separate OS processes, for the tests that prove execution semantics end to
 * end. Failure detection is tuned short by default (executors heartbeat every 200 ms, a node gives up on one after
 * 1.5 s and on an unrenewed lease after 3 s) so that a crash or a freeze is noticed within a test's time. Everything runs on
 * 127.0.0.1 with ephemeral ports, a unique cluster name and an Aeron directory under the test's own temp dir.
 */
final class LiveNodeHarness implements AutoCloseable
{
    static final ObjectMapper JSON = JsonHttp.JSON;
    static final int HEARTBEAT_TIMEOUT_MS = 1_500;
    static final int LEASE_TIMEOUT_MS = 3_000;
    static final int EXECUTOR_HEARTBEAT_MS = 200;

    private final Path dir;
    private final WeftNode node;
    private final String base;
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private final List<SampleExecutorProcess> executors = new ArrayList<>();
    private final Map<Long, SampleExecutorProcess> executorsById = new ConcurrentHashMap<>();

    LiveNodeHarness(final Path dir)
    {
        this(dir, HEARTBEAT_TIMEOUT_MS, LEASE_TIMEOUT_MS);
    }

    /**
     * For tests that prove something other than failure detection: longer timeouts keep a CPU-starved test machine
     * from declaring a healthy executor lost.
     */
    LiveNodeHarness(final Path dir, final int heartbeatTimeoutMs, final int leaseTimeoutMs)
    {
        this(dir, heartbeatTimeoutMs, leaseTimeoutMs, Map.of());
    }

    /** As above, with further node settings. */
    LiveNodeHarness(final Path dir, final int heartbeatTimeoutMs, final int leaseTimeoutMs, final Map<String, String> settings)
    {
        this.dir = dir;
        NodeConfig config = NodeConfig.defaults().with("security.admin-token-file", dir.resolve("admin-token").toString())
            .with("security.executor-token-file", dir.resolve("executor-token").toString());
        for (final Map.Entry<String, String> setting : settings.entrySet())
        {
            config = config.with(setting.getKey(), setting.getValue());
        }
        node = WeftNode.start(config
            .with("cluster.name", "weft-live-" + UUID.randomUUID())
            .with("grid.port", "0")
            .with("rest.port", "0")
            .with("executor.endpoint", "127.0.0.1:0")
            .with("aeron.dir", dir.resolve("aeron-node").toString())
            .with("scheduler.heartbeat-timeout-ms", Integer.toString(heartbeatTimeoutMs))
            .with("executor.lease-timeout-ms", Integer.toString(leaseTimeoutMs)));
        base = "http://127.0.0.1:" + node.restPort();
    }

    WeftNode node()
    {
        return node;
    }

    /** Starts a sample executor process; what it ran goes to {@link #recordFile(long)}. */
    SampleExecutorProcess startExecutor(final long instanceId, final String slots)
    {
        return startExecutor(instanceId, slots, "sample");
    }

    /** As {@link #startExecutor(long, String)}, registering with the given deployment name. */
    SampleExecutorProcess startExecutor(final long instanceId, final String slots, final String deployment, final String... extra)
    {
        final java.util.List<String> args = new ArrayList<>(List.of(
            "--instance-id", Long.toString(instanceId),
            "--deployment", deployment,
            "--heartbeat-ms", Integer.toString(EXECUTOR_HEARTBEAT_MS),
            "--token-file", dir.resolve("executor-token").toString(),
            "--record-file", recordFile(instanceId).toString(),
            // Under the test's own directory, so a killed executor's driver files go with it.
            "--aeron-dir", dir.resolve("aeron-executor-" + instanceId).toString()));
        args.addAll(List.of(extra));
        final SampleExecutorProcess process = SampleExecutorProcess.start(
            node.executorEndpoint(), slots, dir.resolve("executor-" + instanceId + ".log"), args.toArray(new String[0]));
        executors.add(process);
        executorsById.put(instanceId, process);
        return process;
    }

    SampleExecutorProcess executor(final long instanceId)
    {
        return executorsById.get(instanceId);
    }

    /** Lines "dagId jobIndex jobId attempt fencingToken", one per job the executor ran to completion. */
    Path recordFile(final long instanceId)
    {
        return dir.resolve("executions-" + instanceId + ".txt");
    }

    List<String> records(final long instanceId)
    {
        final Path file = recordFile(instanceId);
        try
        {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void awaitExecutors(final int count)
    {
        // A cold JVM per executor: starting takes seconds on a busy machine, so this wait is generous.
        await().atMost(Duration.ofSeconds(60)).until(() -> node.scheduler().executors().size() == count);
    }

    /** Starts one sample executor process per id, all with the same slots, and waits until the node has them all. */
    void startExecutors(final String slots, final long... instanceIds)
    {
        for (final long instanceId : instanceIds)
        {
            startExecutor(instanceId, slots);
        }
        awaitExecutors(executors.size());
    }

    /** Submits a DAG and returns its id once the node has acknowledged it durable. */
    long submit(final String dagJson)
    {
        final HttpResponse<String> response = post("/api/v1/dags", dagJson);
        assertEquals(202, response.statusCode(), response.body());
        return Long.parseLong(json(response).get("dagId").asText());
    }

    JsonNode dag(final long dagId)
    {
        final HttpResponse<String> response = get("/api/v1/dags/" + dagId);
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    JsonNode job(final long dagId, final String jobId)
    {
        for (final JsonNode job : dag(dagId).get("jobs"))
        {
            if (job.get("id").asText().equals(jobId))
            {
                return job;
            }
        }
        throw new AssertionError("DAG " + dagId + " has no job " + jobId);
    }

    /** Polls the job until it is in the given state, and returns the view of it that was. */
    JsonNode awaitJob(final long dagId, final String jobId, final String state, final Duration atMost)
    {
        return await().atMost(atMost).until(() -> job(dagId, jobId), job -> job.get("state").asText().equals(state));
    }

    HttpResponse<String> get(final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(final String path, final String jsonBody)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    HttpResponse<String> put(final String path, final String jsonBody)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    HttpResponse<String> delete(final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    HttpResponse<String> post(final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode json(final HttpResponse<String> response)
    {
        return JsonHttp.json(response);
    }

    /** Sends a signal with kill(1): STOP freezes a process as a long GC pause or a hung host would, CONT thaws it. */
    static void signal(final SampleExecutorProcess process, final String signal)
    {
        ProcessSignals.send(process.pid(), signal);
    }

    private HttpResponse<String> send(final HttpRequest.Builder request)
    {
        return http.send(request.header("Authorization", "Bearer " + node.adminToken()));
    }

    /** http://127.0.0.1:port of the node's REST bridge. */
    String base()
    {
        return base;
    }

    /** The run's admin token, for a test that makes its own requests. */
    String adminToken()
    {
        return node.adminToken();
    }

    @Override
    public void close()
    {
        for (final SampleExecutorProcess executor : executors)
        {
            if (executor.isAlive())
            {
                try
                {
                    // A frozen process would hold its SIGTERM until thawed, and close() would wait it out.
                    signal(executor, "CONT");
                }
                catch (final RuntimeException ex)
                {
                    // It died meanwhile: nothing to thaw.
                }
            }
            executor.close();
        }
        node.close();
    }
}
