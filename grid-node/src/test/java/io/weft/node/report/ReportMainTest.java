package io.weft.node.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command against a stand-in node that answers every endpoint with fixtures. */
class ReportMainTest
{
    private static byte[] percentilePng;
    private static byte[] utilisationPng;
    private static String hgrm;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer server;
    private String url;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderAnswers()
    {
        final Histogram histogram = PercentilePlotRendererTest.latencies(5_000, 7);
        percentilePng = PercentilePlotRenderer.png("slot-wait", histogram, 400, 300);
        utilisationPng = UtilisationPlotRenderer.png("cpu", new long[] {0, 10_000, 20_000}, new double[] {0.2, 0.5, 0.4},
            0.9, 400, 300);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        histogram.outputPercentileDistribution(new PrintStream(text, true, StandardCharsets.UTF_8), 5, 1e6);
        hgrm = text.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startNode() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopNode()
    {
        server.stop(0);
    }

    @Test
    void writesHgrmPlotsCapacityAndSummaryForEverySignalAndClass() throws IOException
    {
        final int status = run("--url", url, "--window", "5m", "--out", dir.toString());

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        for (final String file : List.of(
            "hgrm/slot-wait-cpu.hgrm", "hgrm/slot-wait-gpu_a100.hgrm",
            "hgrm/dispatch-to-callback-cpu.hgrm", "hgrm/dispatch-to-callback-gpu_a100.hgrm",
            "hgrm/journal-write.hgrm",
            "plots/slot-wait-cpu.png", "plots/slot-wait-gpu_a100.png",
            "plots/dispatch-to-callback-cpu.png", "plots/dispatch-to-callback-gpu_a100.png",
            "plots/utilisation-cpu.png", "plots/utilisation-gpu_a100.png",
            "capacity.json", "summary.md"))
        {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        assertEquals(hgrm, Files.readString(dir.resolve("hgrm/slot-wait-cpu.hgrm")));
        PngCheck.assertPng(Files.readAllBytes(dir.resolve("plots/slot-wait-gpu_a100.png")), 400, 300);
        PngCheck.assertPng(Files.readAllBytes(dir.resolve("plots/utilisation-cpu.png")), 400, 300);
        final JsonNode capacity = ReportClient.JSON.readTree(dir.resolve("capacity.json").toFile());
        assertEquals(ReportFixtures.json("capacity.json"), capacity);

        final String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("| slot-wait (no answer from n2) | 12,345 | 1.000 | 5.250 | 30.000 "
            + "| [plot](plots/slot-wait-cpu.png) · [hgrm](hgrm/slot-wait-cpu.hgrm) |"), summary);
        assertTrue(summary.contains("![utilisation of gpu/a100](plots/utilisation-gpu_a100.png)"), summary);
        assertTrue(summary.contains("| journal-write | 0 | – | – | – | [hgrm](hgrm/journal-write.hgrm) |"), summary);
        assertTrue(summary.contains("- plot of journal-write: /api/v1/latency/journal-write/plot answered HTTP 500: "
            + "no plot here"), summary);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("summary.md"));
    }

    @Test
    void asksPerClassSignalsPerClassAndTheOthersWithoutAClass()
    {
        assertEquals(0, run("--url", url + "/", "--window=15m", "--out=" + dir));

        assertTrue(requests.contains("/api/v1/latency/slot-wait?class=cpu&window=15m&format=json"), requests::toString);
        assertTrue(requests.contains("/api/v1/latency/slot-wait?class=gpu%2Fa100&window=15m&format=hgrm"),
            requests::toString);
        assertTrue(requests.contains("/api/v1/latency/slot-wait/plot?class=cpu&window=15m"), requests::toString);
        assertTrue(requests.contains("/api/v1/latency/journal-write?window=15m&format=json"), requests::toString);
        assertTrue(requests.contains("/api/v1/capacity/plot?class=gpu%2Fa100"), requests::toString);
    }

    @Test
    void anUnreachableNodeIsOneLineAndExitOne() throws IOException
    {
        // A port that was free a moment ago and is closed now; an HttpServer that never started keeps listening.
        final int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = gone.getLocalPort();
        }

        final int status = run("--url", "http://127.0.0.1:" + port, "--out", dir.toString());

        assertEquals(1, status);
        final List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("weft report: cannot reach a node at http://127.0.0.1:" + port + ": "),
            lines.get(0));
    }

    @Test
    void badArgumentsExitTwoWithTheReason()
    {
        assertEquals(2, run("--url", url));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("weft report: Missing required option: '--out=DIR'"),
            err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--window", "5h", "--out", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("weft report: --window '5h' must be"),
            err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--url", "ftp://x", "--out", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("weft report: --url 'ftp://x' must be"),
            err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--bogus", "--out", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("weft report: Unknown option: '--bogus'"),
            err.toString(StandardCharsets.UTF_8));
        assertTrue(requests.isEmpty(), "nothing is asked before the arguments are right");
    }

    @Test
    void helpPrintsUsage()
    {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: weft report"), out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, run("--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("weft "), out.toString(StandardCharsets.UTF_8));
    }

    private int run(final String... args)
    {
        return ReportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void answer(final HttpExchange exchange) throws IOException
    {
        final String path = exchange.getRequestURI().getRawPath();
        final String query = exchange.getRequestURI().getRawQuery();
        requests.add(path + (query == null ? "" : "?" + query));
        final String format = query != null && query.contains("format=hgrm") ? "hgrm" : "json";
        if (path.equals("/api/v1/latency"))
        {
            send(exchange, 200, "application/json", bytes(ReportFixtures.json("latency-index.json")));
        }
        else if (path.equals("/api/v1/latency/journal-write/plot"))
        {
            send(exchange, 500, "text/plain", "no plot here".getBytes(StandardCharsets.UTF_8));
        }
        else if (path.startsWith("/api/v1/latency/") && path.endsWith("/plot"))
        {
            send(exchange, 200, "image/png", percentilePng);
        }
        else if (path.startsWith("/api/v1/latency/") && format.equals("hgrm"))
        {
            send(exchange, 200, "text/plain", hgrm.getBytes(StandardCharsets.UTF_8));
        }
        else if (path.equals("/api/v1/latency/journal-write"))
        {
            send(exchange, 200, "application/json", bytes(ReportFixtures.json("latency-journal-write.json")));
        }
        else if (path.startsWith("/api/v1/latency/"))
        {
            send(exchange, 200, "application/json", bytes(ReportFixtures.json("latency-slot-wait-cpu.json")));
        }
        else if (path.equals("/api/v1/capacity"))
        {
            send(exchange, 200, "application/json", bytes(ReportFixtures.json("capacity.json")));
        }
        else if (path.equals("/api/v1/capacity/plot"))
        {
            send(exchange, 200, "image/png", utilisationPng);
        }
        else
        {
            send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] bytes(final JsonNode json) throws IOException
    {
        return ReportClient.JSON.writeValueAsBytes(json);
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final byte[] body)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody())
        {
            os.write(body);
        }
    }
}
