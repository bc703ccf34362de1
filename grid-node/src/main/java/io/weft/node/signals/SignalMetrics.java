package io.weft.node.signals;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyHistory;

import java.util.HashSet;
import java.util.Set;

/**
 * Registers, in the node's Dropwizard registry, what a scrape shows per class: slots (total, used, available),
 * utilisation, and every per-class latency signal as a summary over the last minute; and the node-wide signals
 * once. Classes are registered as the capacity sampler first sees them.
 */
public final class SignalMetrics
{
    static final long SUMMARY_WINDOW_MS = 60_000;

    private final MetricRegistry registry;
    private final LatencyHistory history;
    private final CapacitySampler sampler;
    private final Set<String> registered = new HashSet<>();

    public SignalMetrics(final MetricRegistry registry, final LatencyHistory history, final CapacitySampler sampler)
    {
        this.registry = registry;
        this.history = history;
        this.sampler = sampler;
        for (final LatencySignal signal : LatencySignal.values())
        {
            if (!signal.perClass())
            {
                registry.register("latency." + signal.signalName(), new LatencySummaryMetric(history, signal, null, SUMMARY_WINDOW_MS));
            }
        }
    }

    /** Registers every class seen so far that is not registered yet. Called from the sampling thread. */
    public synchronized void registerNewClasses()
    {
        final Set<String> classes = new HashSet<>(sampler.classes());
        classes.addAll(history.classes());
        for (final String executorClass : classes)
        {
            if (registered.add(executorClass))
            {
                register(executorClass);
            }
        }
    }

    private void register(final String executorClass)
    {
        registry.register("slots." + executorClass + ".total", (Gauge<Integer>)() -> latest(executorClass, true));
        registry.register("slots." + executorClass + ".used", (Gauge<Integer>)() -> latest(executorClass, false));
        registry.register("slots." + executorClass + ".available",
            (Gauge<Integer>)() -> Math.max(0, latest(executorClass, true) - latest(executorClass, false)));
        registry.register("utilisation." + executorClass, (Gauge<Double>)() -> {
            final CapacitySampler.Sample sample = sampler.latest(executorClass);
            return sample == null || sample.total() == 0 ? 0.0 : (double)sample.used() / sample.total();
        });
        for (final LatencySignal signal : LatencySignal.values())
        {
            if (signal.perClass())
            {
                registry.register("latency." + signal.signalName() + "." + executorClass,
                    new LatencySummaryMetric(history, signal, executorClass, SUMMARY_WINDOW_MS));
            }
        }
    }

    private int latest(final String executorClass, final boolean total)
    {
        final CapacitySampler.Sample sample = sampler.latest(executorClass);
        return sample == null ? 0 : total ? sample.total() : sample.used();
    }
}
