package io.weft.node.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes summary.md: the page a capacity planner reads first. Every figure comes from the node's JSON, and any of
 * them may be missing or null while a node has no data yet, so each is shown as a dash rather than failing.
 */
final class ReportSummaryWriter
{
    static final String NONE = "–";
    private static final String[] UTILISATION_WINDOWS = {"1m", "5m", "15m"};

    private ReportSummaryWriter()
    {
    }

    static void write(final ReportSnapshot report, final Path file) throws IOException
    {
        Files.writeString(file, markdown(report), StandardCharsets.UTF_8);
    }

    static String markdown(final ReportSnapshot report)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Weft capacity report\n\n");
        md.append("Node ").append(report.url()).append(", latency window ").append(report.window())
            .append(", taken ").append(report.takenAt()).append(".\n");
        nodes(md, report.latencyIndex());
        md.append('\n');

        alerts(md, report.capacity());

        for (final String clazz : classes(report))
        {
            md.append("## Class `").append(clazz).append("`\n\n");
            final List<ReportSnapshot.Signal> rows = rowsOf(report, clazz);
            if (!rows.isEmpty())
            {
                md.append("### Latency\n\n");
                table(md, rows);
            }
            final JsonNode capacity = capacityOf(report.capacity(), clazz);
            if (capacity != null)
            {
                md.append("### Capacity\n\n");
                capacity(md, capacity, report.capacity(), clazz);
            }
            final String plot = report.utilisationPlots().get(clazz);
            if (plot != null)
            {
                md.append("![utilisation of ").append(clazz).append("](").append(plot).append(")\n\n");
            }
        }

        final List<ReportSnapshot.Signal> unclassed = rowsOf(report, null);
        if (!unclassed.isEmpty())
        {
            md.append("## All classes together\n\n");
            table(md, unclassed);
        }

        md.append("## Files\n\n");
        md.append("- `plots/`: percentile plots of each signal (latency against percentile, log scale of nines) ")
            .append("and utilisation over time of each class\n");
        md.append("- `hgrm/`: HdrHistogram percentile distributions in ms, for HdrHistogram's plotter or a diff\n");
        if (report.capacity() != null)
        {
            md.append("- `capacity.json`: the node's whole capacity answer, for tools\n");
        }
        md.append('\n');

        if (!report.problems().isEmpty())
        {
            md.append("## Problems\n\n");
            for (final String problem : report.problems())
            {
                md.append("- ").append(problem).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** The latency table: one row per signal, figures in milliseconds, with links to its plot and hgrm. */
    static void table(final StringBuilder md, final List<ReportSnapshot.Signal> rows)
    {
        md.append("| signal | count | p50 (ms) | p99 (ms) | max (ms) | files |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        for (final ReportSnapshot.Signal row : rows)
        {
            md.append(row(row)).append('\n');
        }
        md.append('\n');
    }

    static String row(final ReportSnapshot.Signal row)
    {
        final JsonNode stats = row.stats();
        // A pipe in a name would split the table cell.
        final StringBuilder signal = new StringBuilder(row.signal().replace("|", "\\|"));
        final List<String> missing = texts(stats == null ? null : stats.get("missingNodes"));
        if (!missing.isEmpty())
        {
            signal.append(" (no answer from ").append(String.join(", ", missing)).append(')');
        }
        final String unit = stats == null ? "ms" : stats.path("unit").asText("ms");
        final String suffix = unit.isEmpty() || unit.equals("ms") ? "" : " " + unit;
        final List<String> files = new ArrayList<>();
        if (row.plotFile() != null)
        {
            files.add("[plot](" + row.plotFile() + ")");
        }
        if (row.hgrmFile() != null)
        {
            files.add("[hgrm](" + row.hgrmFile() + ")");
        }
        final JsonNode percentiles = stats == null ? null : stats.get("percentiles");
        return "| " + signal
            + " | " + count(field(stats, "count"))
            + " | " + millis(field(percentiles, "50")) + suffix
            + " | " + millis(field(percentiles, "99")) + suffix
            + " | " + millis(field(stats, "max")) + suffix
            + " | " + (files.isEmpty() ? NONE : String.join(" · ", files))
            + " |";
    }

    /** The capacity lines of one class. */
    static void capacity(final StringBuilder md, final JsonNode c, final JsonNode all, final String clazz)
    {
        final JsonNode slots = c.path("slots");
        md.append("- Slots: ").append(count(field(slots, "total"))).append(" total, ")
            .append(count(field(slots, "used"))).append(" used, ")
            .append(count(field(slots, "available"))).append(" available\n");

        final JsonNode utilisation = c.path("utilisation");
        md.append("- Utilisation: now ").append(percent(field(utilisation, "now")));
        for (final String window : UTILISATION_WINDOWS)
        {
            md.append(", ").append(window).append(' ').append(percent(field(utilisation, window)));
        }
        md.append('\n');

        final JsonNode runtime = c.path("effectiveRuntimeMs");
        md.append("- Effective runtime");
        final String runtimeWindow = text(runtime, "window");
        final Double runtimeCount = field(runtime, "count");
        if (runtimeWindow != null || runtimeCount != null)
        {
            md.append(" (").append(runtimeWindow == null ? "" : "last " + runtimeWindow)
                .append(runtimeWindow != null && runtimeCount != null ? ", " : "")
                .append(runtimeCount == null ? "" : count(runtimeCount) + " jobs").append(')');
        }
        md.append(": mean ").append(millis(field(runtime, "mean"))).append(" ms, p50 ")
            .append(millis(field(runtime, "p50"))).append(" ms, p99 ").append(millis(field(runtime, "p99")))
            .append(" ms\n");

        md.append("- Jobs per hour: estimated at full use ").append(rate(field(c, "estimatedJobsPerHour")))
            .append("; measured");
        windows(md, c.path("measuredJobsPerHour"));
        md.append('\n');
        if (c.hasNonNull("arrivalsPerHour"))
        {
            md.append("- Arrivals per hour:");
            windows(md, c.path("arrivalsPerHour"));
            md.append('\n');
        }

        md.append("- Headroom: ").append(headroom(c.path("headroom"), field(slots, "total"))).append('\n');
        md.append("- Alert: ").append(alert(c.get("alert"), all, clazz)).append('\n');

        final List<String> executors = executors(all, clazz);
        if (!executors.isEmpty())
        {
            md.append("- Executors: ").append(String.join("; ", executors)).append('\n');
        }
        md.append('\n');
    }

    static String headroom(final JsonNode headroom, final Double total)
    {
        final Double target = field(headroom, "targetUtilisation");
        final Double needed = field(headroom, "slotsNeeded");
        final Double toAdd = field(headroom, "slotsToAdd");
        if (needed == null && toAdd == null)
        {
            return NONE + " (no runtime or arrival figures yet)";
        }
        final String at = target == null ? "" : " for " + percent(target) + " utilisation";
        final String need = count(needed) + " slots needed" + at + ", " + count(total) + " there";
        if (toAdd != null && toAdd > 0)
        {
            return "**add " + count(toAdd) + " slot" + (toAdd == 1 ? "" : "s") + "** (" + need + ")";
        }
        return "enough (" + need + ")";
    }

    /** The class's own alert field if set, else the node's alert list; a class without either has none. */
    static String alert(final JsonNode own, final JsonNode all, final String clazz)
    {
        JsonNode alert = own;
        if (alert == null || alert.isNull() || alert.isMissingNode())
        {
            alert = null;
            for (final JsonNode candidate : iterable(all == null ? null : all.get("alerts")))
            {
                if (clazz.equals(text(candidate, "class")))
                {
                    alert = candidate;
                    break;
                }
            }
        }
        if (alert == null || alert.isNull())
        {
            return "none";
        }
        if (alert.isValueNode())
        {
            return "**" + alert.asText() + "**";
        }
        final String since = text(alert, "since");
        final Double utilisation = field(alert, "utilisation");
        return "**above the alert threshold" + (since == null ? "" : " since " + since)
            + (utilisation == null ? "" : ", at " + percent(utilisation)) + "**";
    }

    private static void nodes(final StringBuilder md, final JsonNode index)
    {
        final List<String> answered = new ArrayList<>();
        final List<String> silent = new ArrayList<>();
        for (final JsonNode node : iterable(index == null ? null : index.get("nodes")))
        {
            final String id = node.path("nodeId").asText("?");
            (node.path("answered").asBoolean(true) ? answered : silent).add(id);
        }
        if (!answered.isEmpty() || !silent.isEmpty())
        {
            md.append("Nodes answering: ").append(answered.isEmpty() ? NONE : String.join(", ", answered));
            if (!silent.isEmpty())
            {
                md.append("; **not answering: ").append(String.join(", ", silent)).append("** (their samples are missing)");
            }
            md.append(".\n");
        }
    }

    private static void alerts(final StringBuilder md, final JsonNode capacity)
    {
        if (capacity == null)
        {
            return;
        }
        md.append("## Alerts\n\n");
        final List<String> lines = new ArrayList<>();
        for (final JsonNode alert : iterable(capacity.get("alerts")))
        {
            final String clazz = text(alert, "class");
            lines.add("- `" + (clazz == null ? "?" : clazz) + "`: " + alert(alert, null, clazz == null ? "" : clazz));
        }
        if (lines.isEmpty())
        {
            md.append("None: no class is above its utilisation alert threshold.\n\n");
        }
        else
        {
            md.append(String.join("\n", lines)).append("\n\n");
        }
    }

    private static void windows(final StringBuilder md, final JsonNode perWindow)
    {
        for (int i = 0; i < UTILISATION_WINDOWS.length; i++)
        {
            md.append(i == 0 ? " " : ", ").append(UTILISATION_WINDOWS[i]).append(' ')
                .append(rate(field(perWindow, UTILISATION_WINDOWS[i])));
        }
    }

    private static List<String> executors(final JsonNode all, final String clazz)
    {
        final List<String> lines = new ArrayList<>();
        for (final JsonNode e : iterable(all == null ? null : all.get("executors")))
        {
            if (!clazz.equals(text(e, "class")))
            {
                continue;
            }
            final String name = text(e, "name");
            // An instance id is a 64-bit number: as a double it would lose its last digits.
            final JsonNode id = e.get("instanceId");
            lines.add((name == null ? "?" : name) + (id == null || id.isNull() ? "" : " (instance " + id.asText() + ")") + " "
                + count(field(e, "used")) + "/" + count(field(e, "total")) + " used, "
                + percent(field(e, "utilisation")));
        }
        return lines;
    }

    /** Classes the node names, in its order, then any only the capacity answer or the rows know. */
    private static Set<String> classes(final ReportSnapshot report)
    {
        final Set<String> classes = new LinkedHashSet<>(texts(report.latencyIndex() == null ? null
            : report.latencyIndex().get("classes")));
        for (final JsonNode c : iterable(report.capacity() == null ? null : report.capacity().get("classes")))
        {
            final String name = text(c, "class");
            if (name != null)
            {
                classes.add(name);
            }
        }
        for (final ReportSnapshot.Signal row : report.signals())
        {
            if (row.clazz() != null)
            {
                classes.add(row.clazz());
            }
        }
        return classes;
    }

    private static List<ReportSnapshot.Signal> rowsOf(final ReportSnapshot report, final String clazz)
    {
        final List<ReportSnapshot.Signal> rows = new ArrayList<>();
        for (final ReportSnapshot.Signal row : report.signals())
        {
            if (clazz == null ? row.clazz() == null : clazz.equals(row.clazz()))
            {
                rows.add(row);
            }
        }
        return rows;
    }

    private static JsonNode capacityOf(final JsonNode capacity, final String clazz)
    {
        for (final JsonNode c : iterable(capacity == null ? null : capacity.get("classes")))
        {
            if (clazz.equals(text(c, "class")))
            {
                return c;
            }
        }
        return null;
    }

    /** A number field, also when a node sends it as a string; null when absent, null or not a number. */
    static Double field(final JsonNode node, final String name)
    {
        if (node == null)
        {
            return null;
        }
        final JsonNode value = node.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (value.isNumber())
        {
            return value.doubleValue();
        }
        if (value.isTextual())
        {
            try
            {
                return Double.valueOf(value.asText().trim());
            }
            catch (final NumberFormatException ex)
            {
                return null;
            }
        }
        return null;
    }

    private static String text(final JsonNode node, final String name)
    {
        final JsonNode value = node == null ? null : node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> texts(final JsonNode array)
    {
        final List<String> out = new ArrayList<>();
        for (final JsonNode item : iterable(array))
        {
            if (!item.isNull())
            {
                out.add(item.asText());
            }
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(final JsonNode array)
    {
        return array == null || !array.isArray() ? List.of() : array;
    }

    static String millis(final Double ms)
    {
        return ms == null || ms.isNaN() ? NONE : String.format(Locale.ROOT, "%,.3f", ms);
    }

    static String count(final Double n)
    {
        return n == null || n.isNaN() ? NONE : String.format(Locale.ROOT, "%,d", Math.round(n));
    }

    static String rate(final Double perHour)
    {
        return perHour == null || perHour.isNaN() ? NONE : String.format(Locale.ROOT, "%,.0f", perHour);
    }

    static String percent(final Double fraction)
    {
        return fraction == null || fraction.isNaN() ? NONE : String.format(Locale.ROOT, "%.1f %%", fraction * 100.0);
    }
}
