package io.weft.node.signals;

import io.weft.scheduler.signals.LatencyHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's reporting thread: closes a latency interval every {@code intervalMs} (and appends it to the interval
 * log, when one is configured), and samples capacity every {@code sampleMs}. Nothing here touches the core.
 */
public final class ReportingAgent implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReportingAgent.class);

    private final LatencyHistory history;
    private final LatencyLogWriter log;
    private final CapacitySampler sampler;
    private final SignalMetrics metrics;
    private final Runnable alsoEverySample;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        final Thread t = new Thread(runnable, "weft-reporting");
        t.setDaemon(true);
        return t;
    });

    /** {@code alsoEverySample} runs on the same tick as the capacity sample (the deployments view samples there). */
    public ReportingAgent(
        final LatencyHistory history,
        final LatencyLogWriter log,
        final CapacitySampler sampler,
        final SignalMetrics metrics,
        final Runnable alsoEverySample)
    {
        this.alsoEverySample = alsoEverySample;
        this.history = history;
        this.log = log;
        this.sampler = sampler;
        this.metrics = metrics;
    }

    public ReportingAgent start(final long intervalMs, final long sampleMs)
    {
        thread.scheduleAtFixedRate(this::closeInterval, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(this::sample, 0, sampleMs, TimeUnit.MILLISECONDS);
        return this;
    }

    private void closeInterval()
    {
        try
        {
            final var interval = history.roll();
            if (log != null)
            {
                log.append(interval);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("could not close a latency interval", ex); // keep the thread: the next interval may do better
        }
    }

    private void sample()
    {
        try
        {
            sampler.sample();
            metrics.registerNewClasses();
            alsoEverySample.run();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("could not sample capacity", ex);
        }
    }

    @Override
    public void close()
    {
        thread.shutdown();
        try
        {
            if (thread.awaitTermination(5, TimeUnit.SECONDS))
            {
                closeInterval(); // the last partial interval still goes to the log
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (log != null)
        {
            log.close();
        }
    }
}
