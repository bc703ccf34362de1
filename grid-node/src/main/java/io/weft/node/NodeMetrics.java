package io.weft.node;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Slf4jReporter;
import io.weft.node.grid.GridSchedulerJournal;
import io.weft.node.signals.CapacityAlertMonitor;
import io.weft.node.signals.CapacitySampler;
import io.weft.node.signals.SignalMetrics;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.api.MetricsSnapshot;
import io.weft.scheduler.core.SchedulerCounters;
import io.weft.scheduler.signals.LatencyHistory;
import io.weft.transport.ExecutorLinkAgent;
import org.HdrHistogram.Histogram;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's Dropwizard registry: every scheduler counter and gauge under a stable name, for the metrics endpoint
 * and, when configured, a periodic log line. Gauges read the single-writer counters; nothing here touches the
 * hot path. Slot capacity per class is summed from the executor view when asked, since classes come and go; the
 * per-class gauges and latency summaries the Prometheus scrape shows are added as classes appear
 * ({@link SignalMetrics}).
 */
final class NodeMetrics implements AutoCloseable
{
    private final MetricRegistry registry = new MetricRegistry();
    private final Scheduler scheduler;
    private final LatencyHistory history;
    private Slf4jReporter reporter;

    NodeMetrics(
        final Scheduler scheduler,
        final ExecutorLinkAgent link,
        final GridSchedulerJournal journal,
        final LatencyHistory history,
        final CapacityAlertMonitor alerts)
    {
        this.scheduler = scheduler;
        this.history = history;
        final SchedulerCounters c = scheduler.counters();
        counter("scheduler.dags.submitted", c::dagsSubmitted);
        counter("scheduler.dags.completed", c::dagsCompleted);
        counter("scheduler.jobs.submitted", c::jobsSubmitted);
        counter("scheduler.jobs.dispatched", c::jobsDispatched);
        counter("scheduler.jobs.succeeded", c::jobsSucceeded);
        counter("scheduler.jobs.failed", c::jobsFailed);
        counter("scheduler.jobs.skipped", c::jobsSkipped);
        counter("scheduler.jobs.expired", c::jobsExpired);
        counter("scheduler.jobs.cancelled", c::jobsCancelled);
        counter("scheduler.jobs.retries", c::jobRetries);
        counter("scheduler.callbacks.stale", c::staleCallbacks);
        counter("scheduler.results.over-limit", c::resultsOverLimit);
        counter("scheduler.leases.expired", c::leasesExpired);
        counter("scheduler.jobs.run-timeouts", c::runTimeouts);
        counter("scheduler.executors.lost", c::executorsLost);
        counter("scheduler.dispatch.back-pressure", c::dispatchBackPressure);
        counter("scheduler.journal.batches", c::journalBatches);
        counter("scheduler.journal.failures", c::journalFailures);
        counter("grid.writes.fenced", journal::fencedWrites);
        counter("scheduler.dags.adopted", c::dagsAdopted);
        counter("scheduler.leases.adopted", c::leasesAdopted);
        counter("scheduler.leases.adopted-unreported", c::adoptedLeasesDropped);
        counter("scheduler.batches.fenced", c::fencedBatches);
        counter("scheduler.dispatches.fenced", c::fencedDispatches);
        counter("transport.frames.rejected", link::rejectedFrames);
        counter("transport.registrations.refused", link::registrationsRefused);
        counter("scheduler.ring.remaining", scheduler::ringRemainingCapacity);
        counter("scheduler.ring.size", () -> scheduler.ringSize());
        counter("executors.connected", () -> scheduler.executors().size());
        counter("capacity.alerts.raised", alerts::raisedCount);
        counter("capacity.alerts.cleared", alerts::clearedCount);
        counter("capacity.alerts.active", () -> alerts.raised().size());
    }

    MetricRegistry registry()
    {
        return registry;
    }

    /** Per-class and node-wide signal metrics, registered as classes appear. */
    SignalMetrics signalMetrics(final CapacitySampler sampler)
    {
        return new SignalMetrics(registry, history, sampler);
    }

    void counter(final String name, final LongSupplier value)
    {
        registry.register(name, (Gauge<Long>)value::getAsLong);
    }

    /** Starts logging every metric at the given interval; 0 leaves logging off. */
    void logEvery(final int seconds)
    {
        if (seconds > 0)
        {
            reporter = Slf4jReporter.forRegistry(registry).outputTo(LoggerFactory.getLogger("weft.metrics")).build();
            reporter.start(seconds, TimeUnit.SECONDS);
        }
    }

    MetricsSnapshot snapshot()
    {
        final Map<String, Long> counters = new TreeMap<>();
        final Map<String, Long> gauges = new TreeMap<>();
        registry.getGauges().forEach((name, gauge) -> {
            if (name.startsWith("slots.") || name.startsWith("utilisation."))
            {
                return; // the per-class gauges of the scrape; this answer sums the executors' slots itself, below
            }
            final long value = ((Number)gauge.getValue()).longValue();
            if (name.startsWith("scheduler.ring.") || name.equals("executors.connected"))
            {
                gauges.put(name, value);
            }
            else
            {
                counters.put(name, value);
            }
        });
        final Map<String, long[]> slots = new TreeMap<>();
        for (final ExecutorView executor : scheduler.executors())
        {
            for (final ExecutorView.SlotView slot : executor.slots())
            {
                final long[] totals = slots.computeIfAbsent(slot.executorClass(), k -> new long[2]);
                totals[0] += slot.total();
                totals[1] += slot.used();
            }
        }
        slots.forEach((executorClass, totals) -> {
            gauges.put("slots." + executorClass + ".total", totals[0]);
            gauges.put("slots." + executorClass + ".used", totals[1]);
            gauges.put("slots." + executorClass + ".available", totals[0] - totals[1]);
        });

        final Map<String, MetricsSnapshot.StageLatency> stages = new LinkedHashMap<>();
        for (final LatencySignal signal : LatencySignal.values())
        {
            final Histogram h = history.query(signal, null, 0).histogram();
            stages.put(signal.signalName(), new MetricsSnapshot.StageLatency(
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3,
                h.getTotalCount() == 0 ? 0 : h.getMean() / 1e3));
        }
        return new MetricsSnapshot(counters, gauges, stages);
    }

    @Override
    public void close()
    {
        if (reporter != null)
        {
            reporter.close();
        }
    }
}
