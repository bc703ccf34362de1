package io.weft.node;

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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        final List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url") && all.size() > 0 && !all.get(0).equals("--help"))
        {
            all.add("--url");
            all.add(url);
            all.add("--token-file");
            all.add(dir.resolve("admin-token").toString());
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = WeftCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int exit = cli.execute(all.toArray(new String[0]));
        return new Run(exit, out.toString(), err.toString());
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
