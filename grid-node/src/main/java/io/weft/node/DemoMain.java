package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.node.cli.Launcher;
import io.weft.node.signals.SignalTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The front door: starts a node on the embedded defaults, starts the sample executor as its own process, submits
 * a document pipeline over the REST API and shows it run to completion. Exits 0 when the DAG succeeded.
 */
@Command(name = "weft demo", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class, sortOptions = false,
    customSynopsis = "weft demo [--config=FILE] [--KEY=VALUE ...]",
    description = {"Runs a node and a sample executor, submits a " + DemoMain.PAGES + "-page document pipeline and follows it to the end.",
        "The node takes every setting of 'weft node' as a flag."}, usageHelpWidth = 120)
public final class DemoMain implements Callable<Integer>
{
    static final int PAGES = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    private DemoMain()
    {
    }

    public static void main(final String[] args)
    {
        // The node's and the executor's threads would keep the JVM up after the demo ends.
        System.exit(commandLine().execute(args));
    }

    /** The parser, with a flag per node setting; tests parse with it without starting anything. */
    static CommandLine commandLine()
    {
        return Launcher.commandLine(NodeSettingOptions.addTo(CommandSpec.forAnnotatedObject(new DemoMain())));
    }

    /** The node's settings this command line gives, over the environment. */
    NodeConfig config()
    {
        return NodeSettingOptions.config(spec.commandLine().getParseResult(), System.getenv());
    }

    @Override
    public Integer call() throws Exception
    {
        final NodeConfig config = config();
        final Path executorLog = Files.createTempFile("weft-demo-executor-", ".log");
        try (WeftNode node = WeftNode.start(config);
            SampleExecutorProcess executor = SampleExecutorProcess.start(
                node.executorEndpoint(), "split=1,ocr=4,classify=2,merge=1", executorLog, "--deployment", "demo",
                "--token-file", WeftNode.expandHome(config.get("security.executor-token-file")).toString()))
        {
            final String base = "http://127.0.0.1:" + node.restPort();
            say("node %s is up: REST %s, executors connect to udp %s", node.nodeId(), base, node.executorEndpoint());
            say("sample executor started as process %d (log: %s)", executor.pid(), executorLog);

            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (node.scheduler().executors().isEmpty())
            {
                if (!executor.isAlive() || System.nanoTime() > deadline)
                {
                    say("the sample executor did not register; see %s", executorLog);
                    return 1;
                }
                Thread.sleep(100);
            }
            final String token = node.adminToken();
            if (token == null)
            {
                say("this demo talks to its node with the admin token a node makes when no token is configured; "
                    + "start it without security.tokens-file and WEFT_TOKEN_* variables");
                return 1;
            }
            say("the API needs a bearer token; this run's admin token is in the file the node logged above "
                + "(curl -H \"Authorization: Bearer $(cat ~/.weft/admin-token)\" %s/api/v1/executors)", base);
            say("executor registered: %s", get(http, base + "/api/v1/executors", token));

            final String dag = pipeline();
            say("submitting a %d-page pipeline (%d jobs): curl -X POST %s/api/v1/dags -H 'Content-Type: application/json' -d @dag.json",
                PAGES, 2 + 2 * PAGES, base);
            final HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/dags"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(dag))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
            say("-> %d %s", submitted.statusCode(), submitted.body());
            if (submitted.statusCode() != 202)
            {
                return 1;
            }
            final String location = JSON.readTree(submitted.body()).get("location").asText();
            say("following %s%s", base, location);

            String state = "";
            String lastLine = "";
            while (!state.equals("SUCCEEDED") && !state.equals("FAILED"))
            {
                if (System.nanoTime() > deadline)
                {
                    say("gave up waiting; last state %s", state);
                    return 1;
                }
                final JsonNode status = JSON.readTree(get(http, base + location, token));
                state = status.get("state").asText();
                final String line = state + "  " + counts(status.get("counts"));
                if (!line.equals(lastLine))
                {
                    say("  %s", line);
                    lastLine = line;
                }
                Thread.sleep(200);
            }
            say("DAG %s. Latency signals of this run, per executor class (GET %s/api/v1/latency has them too):", state, base);
            SignalTable.print(System.out, SignalTable.snapshot(node.latencyHistory()));
            return state.equals("SUCCEEDED") ? 0 : 1;
        }
    }

    /** split -> one OCR job per page -> one classify job per page -> merge, with sleeps standing in for real work. */
    static String pipeline()
    {
        final ObjectNode dag = JSON.createObjectNode();
        dag.put("name", "demo-document-" + PAGES + "-pages");
        final ArrayNode jobs = dag.putArray("jobs");
        jobs.addObject().put("id", "split").put("executorClass", "split").put("priority", 10)
            .putObject("payload").put("op", "sleep").put("ms", 100);
        final ObjectNode merge = JSON.createObjectNode();
        merge.put("id", "merge").put("executorClass", "merge").put("priority", 10);
        merge.putObject("payload").put("op", "echo").put("document", "demo.pdf");
        final ArrayNode mergeDeps = merge.putArray("dependsOn");
        for (int page = 1; page <= PAGES; page++)
        {
            final ObjectNode ocr = jobs.addObject().put("id", "ocr-" + page).put("executorClass", "ocr").put("priority", 5);
            ocr.putObject("payload").put("op", "sleep").put("ms", 150 + (page % 5) * 50).put("page", page);
            ocr.putArray("dependsOn").add("split");
            final ObjectNode classify = jobs.addObject().put("id", "classify-" + page).put("executorClass", "classify").put("priority", 5);
            classify.putObject("payload").put("op", "cpu").put("ms", 40).put("page", page);
            classify.putArray("dependsOn").add("ocr-" + page);
            mergeDeps.add("classify-" + page);
        }
        jobs.add(merge);
        return dag.toString();
    }

    private static String counts(final JsonNode counts)
    {
        final StringBuilder sb = new StringBuilder();
        final Iterator<Map.Entry<String, JsonNode>> fields = counts.fields();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().asInt() > 0)
            {
                sb.append(field.getKey().toLowerCase()).append('=').append(field.getValue().asInt()).append(' ');
            }
        }
        return sb.toString().trim();
    }

    private static String get(final HttpClient http, final String url, final String token) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void say(final String format, final Object... args)
    {
        System.out.println("[weft-demo] " + String.format(format, args));
    }
}
