package io.weft.scheduler.signals;

import io.weft.scheduler.api.LatencySignal;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the scheduler's core records every latency signal: one {@link ClassRecorders} per executor class and one
 * recorder per node-wide signal. The core writes; exactly one reader ({@link LatencyHistory}) takes interval
 * histograms, since an interval taken by one reader is gone for every other.
 *
 * <p>Histograms keep two significant digits (1% resolution), which is what a capacity planner reads and keeps a
 * class's histograms to tens of kilobytes even for jobs that run for hours.
 */
public final class LatencyRecorders
{
    static final int SIGNIFICANT_DIGITS = 2;
    /** Longer than any job should run; a larger value is recorded as this, so no histogram grows without bound. */
    static final long MAX_VALUE_NS = 7L * 24 * 3600 * 1_000_000_000L;

    private final ConcurrentHashMap<String, ClassRecorders> byClass = new ConcurrentHashMap<>();
    private final SingleWriterRecorder[] nodeWide = new SingleWriterRecorder[LatencySignal.values().length];

    public LatencyRecorders()
    {
        for (final LatencySignal signal : LatencySignal.values())
        {
            if (!signal.perClass())
            {
                nodeWide[signal.ordinal()] = newRecorder();
            }
        }
    }

    static SingleWriterRecorder newRecorder()
    {
        return new SingleWriterRecorder(SIGNIFICANT_DIGITS);
    }

    static long clamp(final long valueNs)
    {
        return valueNs < 0 ? 0 : Math.min(valueNs, MAX_VALUE_NS);
    }

    /** The recorders of one class, made on first use; the core keeps the reference so the hot path never looks it up. */
    public ClassRecorders forClass(final String executorClass)
    {
        return byClass.computeIfAbsent(executorClass, ClassRecorders::new);
    }

    /** Records a node-wide signal (one that is not kept per class). */
    public void record(final LatencySignal signal, final long valueNs)
    {
        nodeWide[signal.ordinal()].recordValue(clamp(valueNs));
    }

    /** Everything recorded since the previous call, per signal and class; empty histograms are left out. */
    synchronized Map<SignalKey, Histogram> takeInterval()
    {
        final Map<SignalKey, Histogram> interval = new HashMap<>();
        for (final LatencySignal signal : LatencySignal.values())
        {
            if (signal.perClass())
            {
                for (final ClassRecorders recorders : byClass.values())
                {
                    put(interval, new SignalKey(signal, recorders.executorClass()), recorders.recorder(signal).getIntervalHistogram());
                }
            }
            else
            {
                put(interval, new SignalKey(signal, null), nodeWide[signal.ordinal()].getIntervalHistogram());
            }
        }
        return interval;
    }

    private static void put(final Map<SignalKey, Histogram> interval, final SignalKey key, final Histogram histogram)
    {
        if (histogram.getTotalCount() > 0)
        {
            interval.put(key, histogram);
        }
    }

    /** The executor classes seen so far. */
    java.util.Set<String> classes()
    {
        return byClass.keySet();
    }
}
