package io.weft.node.signals;

import io.weft.node.report.PercentilePlotRenderer;
import io.weft.node.report.UtilisationPlotRenderer;
import io.weft.rest.InvalidReportQueryException;
import io.weft.rest.ReportsApi;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyHistory;
import io.weft.scheduler.signals.LatencyWindow;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A node's answers to capacity planners. Latency answers merge the histograms of every node that answers in time
 * (histograms add; percentiles would not), since each node keeps what its own core recorded, including in the
 * terms it owned the scheduler before; they say which nodes answered. Capacity is the owner's view (the REST
 * bridge forwards it there), and the Prometheus scrape is this node's alone, as Prometheus scrapes every node.
 */
public final class NodeReportsApi implements ReportsApi
{
    static final int PLOT_WIDTH = 1000;
    static final int PLOT_HEIGHT = 560;
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};

    private final String nodeId;
    private final LatencyHistory history;
    private final long intervalMs;
    private final CapacityReporter capacity;
    private final CapacitySampler sampler;
    private final CapacityAlertMonitor alerts;
    private final PrometheusExporter prometheus;
    private final Supplier<Map<String, String>> peers;
    private final PeerLatencyClient peerClient;

    public NodeReportsApi(
        final String nodeId,
        final LatencyHistory history,
        final long intervalMs,
        final CapacityReporter capacity,
        final CapacitySampler sampler,
        final CapacityAlertMonitor alerts,
        final PrometheusExporter prometheus,
        final Supplier<Map<String, String>> peers,
        final PeerLatencyClient peerClient)
    {
        this.nodeId = nodeId;
        this.history = history;
        this.intervalMs = intervalMs;
        this.capacity = capacity;
        this.sampler = sampler;
        this.alerts = alerts;
        this.prometheus = prometheus;
        this.peers = peers;
        this.peerClient = peerClient;
    }

    @Override
    public Object latencyCatalog()
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodeId);
        body.put("intervalMs", intervalMs);
        body.put("historyMs", history.historyMs());
        body.put("unit", "ms");
        final List<Map<String, Object>> signals = new ArrayList<>();
        for (final LatencySignal signal : LatencySignal.values())
        {
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", signal.signalName());
            entry.put("perClass", signal.perClass());
            entry.put("description", signal.description());
            signals.add(entry);
        }
        body.put("signals", signals);
        body.put("classes", history.classes());
        return body;
    }

    @Override
    public Object latency(final String signalName, final String executorClass, final String window)
    {
        final Merged merged = merged(signalName, executorClass, window);
        final Histogram h = merged.histogram();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("signal", merged.signal().signalName());
        body.put("class", executorClass == null ? (merged.signal().perClass() ? "all" : null) : executorClass);
        body.put("window", merged.window().text());
        body.put("nodes", merged.answered());
        body.put("missingNodes", merged.missing());
        body.put("unit", "ms");
        body.put("count", h.getTotalCount());
        final boolean any = h.getTotalCount() > 0;
        body.put("min", any ? h.getMinValue() / 1e6 : null);
        body.put("mean", any ? h.getMean() / 1e6 : null);
        body.put("max", any ? h.getMaxValue() / 1e6 : null);
        final Map<String, Object> percentiles = new LinkedHashMap<>();
        for (final double p : PERCENTILES)
        {
            percentiles.put(p == Math.rint(p) ? String.valueOf((long)p) : String.valueOf(p), any ? h.getValueAtPercentile(p) / 1e6 : null);
        }
        body.put("percentiles", percentiles);
        return body;
    }

    @Override
    public String latencyHgrm(final String signalName, final String executorClass, final String window)
    {
        final Merged merged = merged(signalName, executorClass, window);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8))
        {
            merged.histogram().outputPercentileDistribution(out, 5, 1e6);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] latencyPlot(final String signalName, final String executorClass, final String window)
    {
        final Merged merged = merged(signalName, executorClass, window);
        final String title = merged.signal().signalName()
            + (merged.signal().perClass() ? ", class " + (executorClass == null ? "all" : executorClass) : "")
            + ", " + merged.window().text() + " (" + String.join(", ", merged.answered()) + ")";
        return PercentilePlotRenderer.png(title, merged.histogram(), PLOT_WIDTH, PLOT_HEIGHT);
    }

    @Override
    public Object latencyOfThisNode(final String signalName, final String executorClass, final String window)
    {
        final LatencySignal signal = signal(signalName, executorClass);
        final WindowSpec spec = WindowSpec.parse(window);
        final LatencyWindow local = history.query(signal, executorClass, spec.millis());
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodeId);
        body.put("signal", signal.signalName());
        body.put("window", spec.text());
        body.put("coveredMs", local.coveredMs());
        body.put("count", local.histogram().getTotalCount());
        body.put("histogram", Base64.getEncoder().encodeToString(LatencyHistory.compress(local.histogram())));
        return body;
    }

    @Override
    public Object capacity(final String window)
    {
        return capacity.report(window == null ? null : WindowSpec.parse(window));
    }

    @Override
    public byte[] capacityPlot(final String executorClass)
    {
        final List<CapacitySampler.Sample> samples = sampler.samples(executorClass, history.historyMs());
        if (samples.isEmpty() && !sampler.classes().contains(executorClass))
        {
            throw new NoSuchElementException("no executor class '" + executorClass + "' has offered slots on this node");
        }
        final long[] times = new long[samples.size()];
        final double[] utilisation = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++)
        {
            final CapacitySampler.Sample sample = samples.get(i);
            times[i] = sample.epochMs();
            utilisation[i] = sample.total() == 0 ? 0.0 : (double)sample.used() / sample.total();
        }
        return UtilisationPlotRenderer.png("utilisation of class " + executorClass + " (" + nodeId + ")",
            times, utilisation, alerts.threshold(), PLOT_WIDTH, PLOT_HEIGHT);
    }

    @Override
    public String prometheus()
    {
        return prometheus.scrape();
    }

    @Override
    public String prometheusContentType()
    {
        return prometheus.contentType();
    }

    private record Merged(LatencySignal signal, WindowSpec window, Histogram histogram, List<String> answered, List<String> missing)
    {
    }

    private Merged merged(final String signalName, final String executorClass, final String window)
    {
        final LatencySignal signal = signal(signalName, executorClass);
        final WindowSpec spec = WindowSpec.parse(window);
        final Histogram sum = history.query(signal, executorClass, spec.millis()).histogram();
        final List<String> answered = new ArrayList<>(List.of(nodeId));
        final List<String> missing = new ArrayList<>();
        final Map<String, Histogram> others = peerClient.fetch(peers.get(), signal.signalName(), executorClass, window);
        others.forEach((node, histogram) -> {
            if (histogram == null)
            {
                missing.add(node);
            }
            else
            {
                sum.add(histogram);
                answered.add(node);
            }
        });
        return new Merged(signal, spec, sum, answered, missing);
    }

    private static LatencySignal signal(final String signalName, final String executorClass)
    {
        final LatencySignal signal = LatencySignal.byName(signalName);
        if (signal == null)
        {
            throw new NoSuchElementException("no latency signal '" + (signalName.length() > 40 ? signalName.substring(0, 40) + "..." : signalName)
                + "'; GET /api/v1/latency lists them");
        }
        if (!signal.perClass() && executorClass != null)
        {
            throw new InvalidReportQueryException("signal " + signal.signalName() + " is kept per node, not per class; leave out class");
        }
        return signal;
    }
}
