package io.weft.node.signals;

import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyHistory;
import io.weft.scheduler.signals.LatencyWindow;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The capacity answer, per class and per executor: slots now, utilisation now and over the last 1, 5 and 15
 * minutes, the effective runtime (slot reserved to released), the estimate {@code jobs/h = slots x 3600 / runtime
 * in seconds} beside the measured rate of slot releases, and how many slots keep utilisation under the target at
 * the measured arrival rate ({@code slots = ceil(arrivals/s x runtime s / target)}, Little's law).
 */
public final class CapacityReporter
{
    static final List<WindowSpec> WINDOWS = List.of(WindowSpec.parse("1m"), WindowSpec.parse("5m"), WindowSpec.parse("15m"));
    private static final WindowSpec RUNTIME_WINDOW = WindowSpec.parse("5m");

    private final CapacitySampler sampler;
    private final LatencyHistory history;
    private final CapacityAlertMonitor alerts;
    private final Supplier<List<ExecutorView>> executors;
    private final double targetUtilisation;

    public CapacityReporter(
        final CapacitySampler sampler,
        final LatencyHistory history,
        final CapacityAlertMonitor alerts,
        final Supplier<List<ExecutorView>> executors,
        final double targetUtilisation)
    {
        this.sampler = sampler;
        this.history = history;
        this.alerts = alerts;
        this.executors = executors;
        this.targetUtilisation = targetUtilisation;
    }

    /** The whole answer; {@code extra}, when given, adds one more window and is the one runtime and headroom use. */
    public Map<String, Object> report(final WindowSpec extra)
    {
        final List<WindowSpec> windows = new ArrayList<>(WINDOWS);
        if (extra != null && WINDOWS.stream().noneMatch(w -> w.millis() == extra.millis()))
        {
            windows.add(extra);
        }
        final WindowSpec runtimeWindow = extra != null ? extra : RUNTIME_WINDOW;
        final TreeSet<String> classes = new TreeSet<>(sampler.classes());
        classes.addAll(history.classes());

        final List<Map<String, Object>> perClass = new ArrayList<>();
        for (final String executorClass : classes)
        {
            perClass.add(classReport(executorClass, windows, runtimeWindow));
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("at", Instant.now().toString());
        answer.put("targetUtilisation", targetUtilisation);
        answer.put("alertUtilisation", alerts.threshold());
        answer.put("classes", perClass);
        answer.put("executors", executorReports());
        final List<Map<String, Object>> raised = new ArrayList<>();
        alerts.raised().forEach(alert -> raised.add(alertBody(alert)));
        answer.put("alerts", raised);
        return answer;
    }

    private Map<String, Object> classReport(final String executorClass, final List<WindowSpec> windows, final WindowSpec runtimeWindow)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("class", executorClass);
        final CapacitySampler.Sample latest = sampler.latest(executorClass);
        final int total = latest == null ? 0 : latest.total();
        final int used = latest == null ? 0 : latest.used();
        body.put("slots", Map.of("total", total, "used", used, "available", Math.max(0, total - used)));

        final Map<String, Object> utilisation = new LinkedHashMap<>();
        utilisation.put("now", total == 0 ? null : (double)used / total);
        final Map<String, Object> measured = new LinkedHashMap<>();
        final Map<String, Object> arrivals = new LinkedHashMap<>();
        for (final WindowSpec window : windows)
        {
            utilisation.put(window.text(), sampler.utilisation(executorClass, window.millis()).value());
            measured.put(window.text(), history.query(LatencySignal.SLOT_OCCUPANCY, executorClass, window.millis()).perHour());
            arrivals.put(window.text(), history.query(LatencySignal.FRONTIER_WAIT, executorClass, window.millis()).perHour());
        }
        body.put("utilisation", utilisation);

        final LatencyWindow occupancy = history.query(LatencySignal.SLOT_OCCUPANCY, executorClass, runtimeWindow.millis());
        final Histogram runtime = occupancy.histogram();
        final Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("window", runtimeWindow.text());
        effective.put("count", runtime.getTotalCount());
        final boolean known = runtime.getTotalCount() > 0;
        effective.put("mean", known ? runtime.getMean() / 1e6 : null);
        effective.put("p50", known ? runtime.getValueAtPercentile(50) / 1e6 : null);
        effective.put("p99", known ? runtime.getValueAtPercentile(99) / 1e6 : null);
        effective.put("max", known ? runtime.getMaxValue() / 1e6 : null);
        body.put("effectiveRuntimeMs", effective);

        final double meanSeconds = known ? runtime.getMean() / 1e9 : 0;
        body.put("estimatedJobsPerHour", known && total > 0 && meanSeconds > 0 ? total * 3600.0 / meanSeconds : null);
        body.put("measuredJobsPerHour", measured);
        body.put("arrivalsPerHour", arrivals);

        final double arrivalsPerSecond = history.query(LatencySignal.FRONTIER_WAIT, executorClass, runtimeWindow.millis()).perHour() / 3600.0;
        final Map<String, Object> headroom = new LinkedHashMap<>();
        headroom.put("targetUtilisation", targetUtilisation);
        headroom.put("window", runtimeWindow.text());
        if (known)
        {
            final int needed = (int)Math.ceil(arrivalsPerSecond * meanSeconds / targetUtilisation - 1e-9);
            headroom.put("slotsNeeded", needed);
            headroom.put("slotsToAdd", Math.max(0, needed - total));
        }
        else
        {
            headroom.put("slotsNeeded", null);
            headroom.put("slotsToAdd", null);
        }
        body.put("headroom", headroom);
        final CapacityAlertMonitor.Alert alert = alerts.alertOf(executorClass);
        body.put("alert", alert == null ? null : alertBody(alert));
        return body;
    }

    private List<Map<String, Object>> executorReports()
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final ExecutorView executor : executors.get())
        {
            for (final ExecutorView.SlotView slot : executor.slots())
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("instanceId", executor.instanceId());
                row.put("name", executor.deploymentName());
                row.put("class", slot.executorClass());
                row.put("total", slot.total());
                row.put("used", slot.used());
                row.put("available", slot.available());
                row.put("utilisation", slot.total() == 0 ? null : (double)slot.used() / slot.total());
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, Object> alertBody(final CapacityAlertMonitor.Alert alert)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("class", alert.executorClass());
        body.put("since", Instant.ofEpochMilli(alert.sinceEpochMs()).toString());
        body.put("utilisation", alert.utilisation());
        return body;
    }
}
