package io.weft.node.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.weft.node.cli.Launcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code weft report}: fetches one node's latency histograms and capacity figures over its REST API and writes a
 * directory a capacity planner can read without a running cluster: summary.md, plots, hgrm files and capacity.json.
 */
@Command(name = "weft report", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class, sortOptions = false, usageHelpWidth = 100,
    description = {"Asks a running node for its latency histograms and capacity figures and writes what a capacity planner "
        + "reads: DIR/summary.md (per class: latency table, slots, utilisation, throughput, headroom, alerts), "
        + "DIR/plots/*.png (percentile and utilisation plots), DIR/hgrm/*.hgrm (HdrHistogram percentile "
        + "distributions, in ms) and DIR/capacity.json."},
    footer = {"", "Exits 0 when the report was written (problems with single endpoints are listed in it), 1 when the node "
        + "cannot be reached or DIR cannot be written, 2 on a bad argument."})
public final class ReportMain implements Callable<Integer>
{
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String LATENCY = "/api/v1/latency";
    private static final String CAPACITY = "/api/v1/capacity";

    @Mixin
    ReportOptions options;

    private final PrintStream out;
    private final PrintStream err;

    private ReportMain(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole command, without exiting, so tests can run it; returns the exit status. */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return commandLine(out, err).execute(args);
    }

    /** The parser; parsing alone checks the options without asking any node. */
    static CommandLine commandLine(final PrintStream out, final PrintStream err)
    {
        final CommandLine cli = Launcher.commandLine(new ReportMain(out, err));
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        return cli;
    }

    @Override
    public Integer call()
    {
        try
        {
            return report(options, new ReportClient(options.url, TIMEOUT, options.token(System.getenv()),
                options.caFile == null ? null : io.weft.fabric.gateway.PemTrust.of(options.caFile)), out, err);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("weft report: interrupted");
            return 1;
        }
    }

    private static int report(final ReportOptions options, final ReportClient client, final PrintStream out,
        final PrintStream err) throws InterruptedException
    {
        final JsonNode index;
        try
        {
            index = client.json(LATENCY, Map.of());
        }
        catch (final IOException ex)
        {
            err.println("weft report: cannot reach a node at " + client.base() + ": " + ReportClient.describe(ex));
            return 1;
        }

        final Path dir = options.out;
        try
        {
            Files.createDirectories(dir.resolve("hgrm"));
            Files.createDirectories(dir.resolve("plots"));
        }
        catch (final IOException ex)
        {
            err.println("weft report: cannot write to " + dir + ": " + ex);
            return 1;
        }

        final Fetcher fetcher = new Fetcher(client, dir, err);
        final List<ReportSnapshot.Signal> signals = new ArrayList<>();
        final List<String> classes = texts(index.get("classes"));
        for (final JsonNode signal : iterable(index.get("signals")))
        {
            final String name = signal.path("name").asText("");
            if (name.isEmpty())
            {
                continue;
            }
            // A per-class signal on a node that names no classes yet is still worth one row over all classes.
            if (signal.path("perClass").asBoolean(false) && !classes.isEmpty())
            {
                for (final String clazz : classes)
                {
                    signals.add(fetcher.signal(name, clazz, options.window));
                }
            }
            else
            {
                signals.add(fetcher.signal(name, null, options.window));
            }
        }

        final JsonNode capacity = fetcher.json(CAPACITY, Map.of(), "capacity");
        final Map<String, String> utilisationPlots = new LinkedHashMap<>();
        if (capacity != null)
        {
            fetcher.write("capacity.json", pretty(capacity));
            for (final JsonNode c : iterable(capacity.get("classes")))
            {
                final String clazz = c.path("class").asText("");
                if (clazz.isEmpty())
                {
                    continue;
                }
                final String file = "plots/utilisation-" + safe(clazz) + ".png";
                final byte[] png = fetcher.png(CAPACITY + "/plot", Map.of("class", clazz), "utilisation plot of " + clazz);
                if (png != null && fetcher.write(file, png))
                {
                    utilisationPlots.put(clazz, file);
                }
            }
        }

        final ReportSnapshot snapshot = new ReportSnapshot(client.base(), options.window,
            Instant.now().truncatedTo(ChronoUnit.SECONDS), index, signals, capacity, utilisationPlots, fetcher.problems);
        final Path summary = dir.resolve("summary.md");
        try
        {
            ReportSummaryWriter.write(snapshot, summary);
        }
        catch (final IOException ex)
        {
            err.println("weft report: cannot write " + summary + ": " + ex);
            return 1;
        }
        out.println("weft report: wrote " + (fetcher.written + 1) + " files to " + dir + "; start with " + summary
            + (fetcher.problems.isEmpty() ? "" : " (" + fetcher.problems.size() + " problem(s) listed there)"));
        return 0;
    }

    private static byte[] pretty(final JsonNode json)
    {
        try
        {
            return ReportClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        }
        catch (final JsonProcessingException ex)
        {
            // A tree Jackson itself just parsed always serialises; failing here would be a bug.
            throw new UncheckedIOException(ex);
        }
    }

    /** File names from class and signal names, which are the node's and may hold anything. */
    static String safe(final String name)
    {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static List<String> texts(final JsonNode array)
    {
        final List<String> out = new ArrayList<>();
        for (final JsonNode item : iterable(array))
        {
            out.add(item.asText());
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(final JsonNode array)
    {
        return array == null || !array.isArray() ? List.of() : array;
    }

    /**
     * Fetches the parts of the report one by one; a part that fails is noted and skipped, so one broken endpoint
     * still leaves the planner everything else.
     */
    private static final class Fetcher
    {
        final ReportClient client;
        final Path dir;
        final PrintStream err;
        final List<String> problems = new ArrayList<>();
        int written;

        Fetcher(final ReportClient client, final Path dir, final PrintStream err)
        {
            this.client = client;
            this.dir = dir;
            this.err = err;
        }

        ReportSnapshot.Signal signal(final String signal, final String clazz, final String window)
            throws InterruptedException
        {
            final String what = signal + (clazz == null ? "" : " of " + clazz);
            final String base = safe(signal) + (clazz == null ? "" : "-" + safe(clazz));
            final String path = LATENCY + "/" + ReportClient.segment(signal);
            final Map<String, String> query = new LinkedHashMap<>();
            if (clazz != null)
            {
                query.put("class", clazz);
            }
            query.put("window", window);

            final Map<String, String> asJson = new LinkedHashMap<>(query);
            asJson.put("format", "json");
            final JsonNode stats = json(path, asJson, what);

            final Map<String, String> asHgrm = new LinkedHashMap<>(query);
            asHgrm.put("format", "hgrm");
            String hgrmFile = null;
            final String hgrm = text(path, asHgrm, "hgrm of " + what);
            if (hgrm != null && write("hgrm/" + base + ".hgrm", hgrm.getBytes(StandardCharsets.UTF_8)))
            {
                hgrmFile = "hgrm/" + base + ".hgrm";
            }

            String plotFile = null;
            final byte[] png = png(path + "/plot", query, "plot of " + what);
            if (png != null && write("plots/" + base + ".png", png))
            {
                plotFile = "plots/" + base + ".png";
            }
            return new ReportSnapshot.Signal(signal, clazz, stats, hgrmFile, plotFile);
        }

        JsonNode json(final String path, final Map<String, String> query, final String what)
            throws InterruptedException
        {
            try
            {
                return client.json(path, query);
            }
            catch (final IOException ex)
            {
                problem(what, ex);
                return null;
            }
        }

        String text(final String path, final Map<String, String> query, final String what)
            throws InterruptedException
        {
            try
            {
                return client.text(path, query);
            }
            catch (final IOException ex)
            {
                problem(what, ex);
                return null;
            }
        }

        byte[] png(final String path, final Map<String, String> query, final String what) throws InterruptedException
        {
            try
            {
                return client.png(path, query);
            }
            catch (final IOException ex)
            {
                problem(what, ex);
                return null;
            }
        }

        boolean write(final String relative, final byte[] bytes)
        {
            final Path file = dir.resolve(relative);
            try
            {
                Files.write(file, bytes);
                written++;
                return true;
            }
            catch (final IOException ex)
            {
                problems.add("could not write " + relative + ": " + ex);
                err.println("weft report: could not write " + file + ": " + ex);
                return false;
            }
        }

        private void problem(final String what, final IOException ex)
        {
            final String line = what + ": " + ReportClient.describe(ex);
            problems.add(line);
            err.println("weft report: " + line);
        }
    }
}
