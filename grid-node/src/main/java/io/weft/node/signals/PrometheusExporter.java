package io.weft.node.signals;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's Dropwizard registry in the Prometheus text format, through the Prometheus client's Dropwizard bridge.
 * Per-class metrics are registered under dotted names ({@code slots.ocr.used}, {@code latency.slot-wait.ocr}) and
 * mapped to one family with labels ({@code weft_class_slots{class="ocr",state="used"}}).
 *
 * <p>The bridge makes one family per Dropwizard metric, and the client refuses two families of one name (even
 * within one collection), so each metric is collected on its own and the families the mapping gives one name are
 * merged here before writing. A class whose name contains a dot does not
 * match the mapping and appears under its own sanitised name.
 */
public final class PrometheusExporter
{
    private final MetricRegistry registry;
    private final CustomLabelMapper mapper;
    /** One bridge per Dropwizard metric: the bridge refuses to collect two metrics that map to one name at once. */
    private final Map<String, DropwizardExports> exportsByMetric = new ConcurrentHashMap<>();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusExporter(final MetricRegistry registry)
    {
        this.registry = registry;
        final List<MapperConfig> mappings = List.of(
            new MapperConfig("slots.*.*", "weft_class_slots", Map.of("class", "${0}", "state", "${1}")),
            new MapperConfig("utilisation.*", "weft_class_utilisation", Map.of("class", "${0}")),
            new MapperConfig("latency.*.*", "weft_latency_seconds", Map.of("signal", "${0}", "class", "${1}")),
            new MapperConfig("latency.*", "weft_node_latency_seconds", Map.of("signal", "${0}")));
        mapper = new CustomLabelMapper(mappings);
    }

    public String contentType()
    {
        return writer.getContentType();
    }

    public String scrape()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try
        {
            writer.write(out, merged(collect()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<MetricSnapshot> collect()
    {
        final List<MetricSnapshot> snapshots = new ArrayList<>();
        for (final String name : registry.getNames())
        {
            exportsByMetric.computeIfAbsent(name, n -> new DropwizardExports(registry, (metricName, metric) -> metricName.equals(n), mapper))
                .collect()
                .forEach(snapshots::add);
        }
        return snapshots;
    }

    /** One family per name: the data points of same-named families (one per class) together. */
    static MetricSnapshots merged(final List<MetricSnapshot> snapshots)
    {
        final Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
        for (final MetricSnapshot snapshot : snapshots)
        {
            byName.computeIfAbsent(snapshot.getMetadata().getPrometheusName(), k -> new ArrayList<>()).add(snapshot);
        }
        final List<MetricSnapshot> families = new ArrayList<>();
        for (final List<MetricSnapshot> same : byName.values())
        {
            families.add(same.size() == 1 ? same.get(0) : merge(same));
        }
        return new MetricSnapshots(families);
    }

    private static MetricSnapshot merge(final List<MetricSnapshot> same)
    {
        final MetricSnapshot first = same.get(0);
        if (first instanceof GaugeSnapshot)
        {
            final List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
            same.forEach(s -> points.addAll(((GaugeSnapshot)s).getDataPoints()));
            return new GaugeSnapshot(first.getMetadata(), points);
        }
        if (first instanceof SummarySnapshot)
        {
            final List<SummarySnapshot.SummaryDataPointSnapshot> points = new ArrayList<>();
            same.forEach(s -> points.addAll(((SummarySnapshot)s).getDataPoints()));
            return new SummarySnapshot(first.getMetadata(), points);
        }
        if (first instanceof CounterSnapshot)
        {
            final List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();
            same.forEach(s -> points.addAll(((CounterSnapshot)s).getDataPoints()));
            return new CounterSnapshot(first.getMetadata(), points);
        }
        throw new IllegalStateException("two metrics of one name and kind " + first.getClass().getSimpleName());
    }
}
