package io.weft.node.signals;

import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyHistory;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The latency signals as a text table, all classes together and then each class, in milliseconds: what the demo
 * and the load generator print, from the same histograms the REST API, the interval logs and Prometheus read.
 * A run's own figures are the difference of two {@link #snapshot}s, so the node's interval ticks take nothing away.
 */
public final class SignalTable
{
    /** "all", a class, or "node" (the node-wide signals). */
    public static final String ALL = "all classes";
    public static final String NODE = "node";

    private SignalTable()
    {
    }

    /** Every signal since the node started, by group (all classes, each class, node-wide). */
    public static Map<String, Map<LatencySignal, Histogram>> snapshot(final LatencyHistory history)
    {
        final Map<String, Map<LatencySignal, Histogram>> groups = new LinkedHashMap<>();
        final Map<LatencySignal, Histogram> all = new EnumMap<>(LatencySignal.class);
        final Map<LatencySignal, Histogram> node = new EnumMap<>(LatencySignal.class);
        for (final LatencySignal signal : LatencySignal.values())
        {
            (signal.perClass() ? all : node).put(signal, history.query(signal, null, 0).histogram());
        }
        groups.put(ALL, all);
        for (final String executorClass : history.classes())
        {
            final Map<LatencySignal, Histogram> perClass = new EnumMap<>(LatencySignal.class);
            for (final LatencySignal signal : LatencySignal.values())
            {
                if (signal.perClass())
                {
                    perClass.put(signal, history.query(signal, executorClass, 0).histogram());
                }
            }
            groups.put(executorClass, perClass);
        }
        groups.put(NODE, node);
        return groups;
    }

    /** {@code later} less {@code earlier}: what was recorded between the two snapshots. */
    public static Map<String, Map<LatencySignal, Histogram>> since(
        final Map<String, Map<LatencySignal, Histogram>> earlier, final Map<String, Map<LatencySignal, Histogram>> later)
    {
        final Map<String, Map<LatencySignal, Histogram>> delta = new LinkedHashMap<>();
        later.forEach((group, signals) -> {
            final Map<LatencySignal, Histogram> out = new EnumMap<>(LatencySignal.class);
            signals.forEach((signal, histogram) -> {
                final Histogram copy = histogram.copy();
                final Histogram before = earlier.getOrDefault(group, Map.of()).get(signal);
                if (before != null && before.getTotalCount() > 0)
                {
                    copy.subtract(before);
                }
                out.put(signal, copy);
            });
            delta.put(group, out);
        });
        return delta;
    }

    /** Prints every group's signals that have samples; a class with one group prints only once. */
    public static void print(final PrintStream out, final Map<String, Map<LatencySignal, Histogram>> groups)
    {
        final boolean oneClass = groups.size() <= 3;
        groups.forEach((group, signals) -> {
            if (oneClass && group.equals(ALL))
            {
                return;
            }
            if (signals.values().stream().allMatch(h -> h.getTotalCount() == 0))
            {
                return;
            }
            out.printf(Locale.ROOT, "%n%-24s %9s %10s %10s %10s %10s %10s %10s%n",
                (group.equals(NODE) || group.equals(ALL) ? group : "class " + group) + " (ms)", "count", "p50", "p90", "p99", "p99.9", "max", "mean");
            signals.forEach((signal, h) -> {
                if (h.getTotalCount() > 0)
                {
                    out.printf(Locale.ROOT, "%-24s %9d %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n", signal.signalName(), h.getTotalCount(),
                        h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                        h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, h.getMean() / 1e6);
                }
            });
        });
    }
}
