package io.weft.scheduler.signals;

import org.HdrHistogram.Histogram;

/**
 * A signal's histogram over a window, and how much time the intervals it was built from actually cover: rates
 * (jobs per hour) divide by {@code coveredMs}, never by the window asked for.
 */
public record LatencyWindow(Histogram histogram, long coveredMs)
{
    /** Values per hour over the covered time: a count of completions becomes a throughput. */
    public double perHour()
    {
        return coveredMs <= 0 ? 0.0 : histogram.getTotalCount() * 3_600_000.0 / coveredMs;
    }
}
