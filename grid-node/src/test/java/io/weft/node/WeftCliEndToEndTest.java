package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.node.cli.WeftCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operator command of the command line against a real node and executor, in-process, with its exit code. */
class WeftCliEndToEndTest
{
    @TempDir
    static Path dir;

    private static LiveNodeHarness harness;
    private static String url;

    record Run(int exit, String out, String err)
    {
    }

    @BeforeAll
    static void start()
    {
        harness = new LiveNodeHarness(dir, 10_000, 30_000, Map.of());
        harness.startExecutors("noop=2", 1);
        url = "http://127.0.0.1:" + harness.node().restPort();
    }

    @AfterAll
    static void stop()
    {
        harness.close();
    }

    private static Run weft(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = weft(out, err, args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs a command writing to {@code out} and {@code err} as it goes, for one that runs until it is stopped. */
    private static int weft(final StringWriter out, final StringWriter err, final String... args)
    {
        final List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url") && all.size() > 0 && !all.get(0).equals("--help"))
        {
            all.add("--url");
            all.add(url);
            all.add("--token-file");
            all.add(dir.resolve("admin-token").toString());
        }
        final CommandLine cli = WeftCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(all.toArray(new String[0]));
    }

    private static String submit(final String name) throws Exception
    {
        final Path file = dir.resolve(name + ".json");
        Files.writeString(file, "{\"name\":\"" + name + "\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"noop\"},"
            + "{\"id\":\"b\",\"executorClass\":\"noop\",\"dependsOn\":[\"a\"]}]}");
        final Run submitted = weft("dags", "submit", file.toString());
        assertEquals(0, submitted.exit(), submitted.err());
        return submitted.out().replaceAll("(?s).*accepted DAG (\\d+).*", "$1");
    }

    /** The lines of a table or a followed stream that are about one DAG, by their TYPE column. */
    private static List<String> typesOfDag(final String output, final String dagId)
    {
        return output.lines().filter(line -> line.contains(" dag " + dagId + " ") || line.endsWith(" dag " + dagId))
            .map(line -> line.split("\\s+")[2]).toList();
    }

    @Test
    void aDagGoesInIsFollowedListedAndAuditedThroughTheCommandLine() throws Exception
    {
        final Path file = dir.resolve("dag.json");
        Files.writeString(file, "{\"name\":\"from-the-cli\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"noop\"},"
            + "{\"id\":\"b\",\"executorClass\":\"noop\",\"dependsOn\":[\"a\"]}]}");
        final Run submitted = weft("dags", "submit", file.toString());
        assertEquals(0, submitted.exit(), submitted.err());
        final String dagId = submitted.out().replaceAll("(?s).*accepted DAG (\\d+).*", "$1");
        await().atMost(Duration.ofSeconds(30)).until(() -> weft("dags", "status", dagId).out().contains("SUCCEEDED"));
        final Run status = weft("dags", "status", dagId);
        assertTrue(status.out().contains("'from-the-cli' SUCCEEDED") && status.out().contains("JOB"), status.out());
        final Run json = weft("dags", "status", dagId, "--json");
        assertEquals("SUCCEEDED", LiveNodeHarness.JSON.readTree(json.out()).path("state").asText());

        assertTrue(weft("jobs", "--state", "SUCCEEDED").out().contains(dagId));
        assertTrue(weft("executors").out().contains("noop 0/2"), weft("executors").out());
        assertTrue(weft("capacity").out().contains("noop"));
        assertTrue(weft("deployments").out().contains("sample"), weft("deployments").out());
        assertTrue(weft("deployments", "sample").out().contains("HEALTHY"), weft("deployments", "sample").out());
        assertTrue(weft("audit", "--action", "POST /api/v1/dags").out().contains("admin"));
        assertTrue(weft("fabric", "groups").out().contains("default-development"));
        assertEquals(0, weft("fabric", "validate", "default-development").exit());

        final Run finished = weft("dags", "cancel", dagId);
        assertEquals(1, finished.exit(), "the node refused: the DAG has finished");
        assertTrue(finished.err().contains("409"), finished.err());
    }

    @Test
    void aDagIsPausedAndResumedAndAGroupIsPublishedToCheckedAndPausedThroughTheCommandLine() throws Exception
    {
        // A job of a class no executor serves stays READY, so the DAG is still there to pause and resume.
        final Path file = dir.resolve("held.json");
        Files.writeString(file, "{\"name\":\"held\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"nobody\"}]}");
        final Run submitted = weft("dags", "submit", file.toString());
        final String dagId = submitted.out().replaceAll("(?s).*accepted DAG (\\d+).*", "$1");
        assertEquals(0, weft("dags", "pause", dagId).exit());
        await().atMost(Duration.ofSeconds(10)).until(() -> weft("dags", "status", dagId).out().contains("PAUSED"));
        assertEquals(0, weft("dags", "resume", dagId).exit());
        await().atMost(Duration.ofSeconds(10)).until(() -> !weft("dags", "status", dagId).out().contains("PAUSED"));
        assertEquals(0, weft("dags", "cancel", dagId).exit());

        final Path template = dir.resolve("template.json");
        Files.writeString(template, "{\"name\":\"cli-invoice\",\"version\":\"1\",\"dag\":{\"jobs\":[{\"id\":\"a\",\"executorClass\":\"noop\"}]}}");
        final Run published = weft("fabric", "publish", "default-development", template.toString());
        assertEquals(0, published.exit(), published.err());
        assertTrue(published.out().contains("ALL_SUCCEEDED"), published.out());
        final Run drift = weft("fabric", "drift", "default-development");
        assertEquals(0, drift.exit(), drift.err());
        assertTrue(drift.out().contains("IN_SYNC"), drift.out());

        final Run paused = weft("fabric", "pause", "default-development");
        assertTrue(paused.out().contains("ALL_SUCCEEDED"), paused.out());
        assertTrue(LiveNodeHarness.json(harness.get("/api/v1/scheduler")).path("paused").asBoolean(), "the fan-out reached this node");
        assertEquals(0, weft("fabric", "resume", "default-development").exit());
        assertFalse(LiveNodeHarness.json(harness.get("/api/v1/scheduler")).path("paused").asBoolean());
    }

    @Test
    void eventsArePagedAndFilteredByDagAndType() throws Exception
    {
        final String dagId = submit("events-page");
        await().atMost(Duration.ofSeconds(30)).until(() -> weft("events", "--dag", dagId).out().contains("dag.succeeded"));

        final Run all = weft("events", "--dag", dagId);
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().startsWith("ID ") && all.out().lines().findFirst().orElseThrow().contains("SUBJECT"), all.out());
        final List<String> types = typesOfDag(all.out(), dagId);
        assertEquals(all.out().lines().count() - 1, types.size(), "every line is about the DAG asked for: " + all.out());
        assertEquals("dag.accepted", types.get(0), all.out());
        assertEquals("dag.succeeded", types.get(types.size() - 1), all.out());
        assertTrue(types.contains("job.progress"), all.out());
        assertTrue(all.out().contains("name=events-page jobs=2"), "the payload in brief: " + all.out());

        final Run dagsOnly = weft("events", "--dag", dagId, "--type", "dag.*");
        assertEquals(types.stream().filter(type -> type.startsWith("dag.")).toList(), typesOfDag(dagsOnly.out(), dagId), dagsOnly.out());

        final JsonNode page = LiveNodeHarness.JSON.readTree(weft("events", "--dag", dagId, "--type", "dag.succeeded", "--json").out());
        assertEquals(1, page.path("events").size(), page.toString());
        assertEquals(dagId, page.path("events").get(0).path("dagId").asText());
        assertTrue(page.hasNonNull("next"), page.toString());

        assertEquals(2, weft("events", "--severity", "LOUD").exit(), "a bad level is a bad command line");
        assertEquals(2, weft("events", "--limit", "0").exit());
        assertEquals(1, weft("events", "--since", "yesterday").exit(), "the node judges times: it refuses");
    }

    @Test
    void followPrintsEachNewEventOnceUntilStopped() throws Exception
    {
        final ExecutorService runner = Executors.newFixedThreadPool(2);
        try
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final StringWriter json = new StringWriter();
            final StringWriter jsonErr = new StringWriter();
            final Future<Integer> human = runner.submit(() -> weft(out, err, "events", "--follow", "--type", "dag.*"));
            final Future<Integer> ndjson = runner.submit(() -> weft(json, jsonErr, "events", "--follow", "--json", "--limit", "1"));
            // The header is printed once the recent events are in: what comes after it came over the stream.
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().startsWith("ID "));
            final String dagId = submit("events-follow");
            await().atMost(Duration.ofSeconds(30)).until(() -> typesOfDag(out.toString(), dagId).contains("dag.succeeded"));
            await().atMost(Duration.ofSeconds(30)).until(() -> json.toString().contains("\"dagId\":\"" + dagId + "\",")
                && json.toString().contains("\"type\":\"dag.succeeded\""));
            runner.shutdownNow();
            assertEquals(0, human.get(10, TimeUnit.SECONDS), "stopping is the normal end: " + err);
            assertEquals(0, ndjson.get(10, TimeUnit.SECONDS), jsonErr.toString());

            final List<String> types = typesOfDag(out.toString(), dagId);
            assertEquals("dag.accepted", types.get(0), out.toString());
            assertEquals("dag.succeeded", types.get(types.size() - 1), out.toString());
            assertTrue(types.stream().allMatch(type -> type.startsWith("dag.")), out.toString());
            assertEquals(types.size(), types.stream().distinct().count(), "nothing twice: " + out);
            assertEquals("", err.toString());

            long previous = -1;
            final List<String> ofDag = new ArrayList<>();
            for (final String line : json.toString().lines().toList())
            {
                final JsonNode event = LiveNodeHarness.JSON.readTree(line);
                assertTrue(event.path("id").asLong() > previous, "one event per line, each once, in order: " + json);
                previous = event.path("id").asLong();
                if (dagId.equals(event.path("dagId").asText()))
                {
                    ofDag.add(event.path("type").asText());
                }
            }
            assertTrue(ofDag.containsAll(List.of("dag.accepted", "job.progress", "dag.succeeded")), ofDag.toString());
            assertEquals("", jsonErr.toString());
        }
        finally
        {
            runner.shutdownNow();
        }
    }

    @Test
    void exitCodesSayWhatHappened()
    {
        assertEquals(2, weft("dags", "frobnicate", "1").exit(), "a bad command line");
        assertEquals(0, weft("--help").exit());
        final Run unreachable = weft("executors", "--url", "http://127.0.0.1:9");
        assertEquals(3, unreachable.exit());
        assertTrue(unreachable.err().startsWith("weft: cannot reach a node at http://127.0.0.1:9"), unreachable.err());
        final Run noToken = weft("executors", "--url", url, "--token-file", dir.resolve("no-such-file").toString());
        assertEquals(1, noToken.exit());
        assertTrue(noToken.err().contains("401"), noToken.err());
    }
}
