package io.weft.node.signals;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformReservoir;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyHistory;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A latency signal seen through Dropwizard, so the Prometheus bridge exports it as a summary: the count since the
 * node started (monotonic, as a summary's count must be) and quantiles in seconds over the last {@code windowMs}.
 * Read at scrape time from the node's {@link LatencyHistory}; nothing is recorded through it.
 */
final class LatencySummaryMetric extends Histogram
{
    private final LatencyHistory history;
    private final LatencySignal signal;
    private final String executorClass;
    private final long windowMs;

    LatencySummaryMetric(final LatencyHistory history, final LatencySignal signal, final String executorClass, final long windowMs)
    {
        super(new UniformReservoir(1));
        this.history = history;
        this.signal = signal;
        this.executorClass = executorClass;
        this.windowMs = windowMs;
    }

    @Override
    public long getCount()
    {
        return history.query(signal, executorClass, 0).histogram().getTotalCount();
    }

    @Override
    public Snapshot getSnapshot()
    {
        return new SecondsSnapshot(history.query(signal, executorClass, windowMs).histogram());
    }

    /** An HdrHistogram of nanoseconds read as seconds. */
    private static final class SecondsSnapshot extends Snapshot
    {
        private final org.HdrHistogram.Histogram histogram;

        SecondsSnapshot(final org.HdrHistogram.Histogram histogram)
        {
            this.histogram = histogram;
        }

        @Override
        public double getValue(final double quantile)
        {
            return histogram.getTotalCount() == 0 ? 0.0 : histogram.getValueAtPercentile(quantile * 100.0) / 1e9;
        }

        @Override
        public long[] getValues()
        {
            return new long[0]; // the bridge reads quantiles only; a histogram of millions of values is not copied out
        }

        @Override
        public int size()
        {
            return (int)Math.min(Integer.MAX_VALUE, histogram.getTotalCount());
        }

        @Override
        public long getMax()
        {
            return histogram.getMaxValue();
        }

        @Override
        public double getMean()
        {
            return histogram.getTotalCount() == 0 ? 0.0 : histogram.getMean() / 1e9;
        }

        @Override
        public long getMin()
        {
            return histogram.getMinValue();
        }

        @Override
        public double getStdDev()
        {
            return histogram.getTotalCount() == 0 ? 0.0 : histogram.getStdDeviation() / 1e9;
        }

        @Override
        public void dump(final OutputStream output)
        {
            try (PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(output, StandardCharsets.UTF_8)))
            {
                out.printf("count=%d mean=%f max=%d%n", histogram.getTotalCount(), getMean(), getMax());
            }
        }
    }
}
