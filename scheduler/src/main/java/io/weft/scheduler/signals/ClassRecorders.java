package io.weft.scheduler.signals;

import io.weft.scheduler.api.LatencySignal;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The per-class signals of one executor class. The core's thread is the only writer, so a value costs it one
 * single-writer recorder update: no lock, no allocation (unless a histogram grows to a new magnitude, once).
 */
public final class ClassRecorders
{
    private final String executorClass;
    private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[LatencySignal.values().length];

    ClassRecorders(final String executorClass)
    {
        this.executorClass = executorClass;
        for (final LatencySignal signal : LatencySignal.values())
        {
            if (signal.perClass())
            {
                recorders[signal.ordinal()] = LatencyRecorders.newRecorder();
            }
        }
    }

    public String executorClass()
    {
        return executorClass;
    }

    /** Records {@code valueNs}, clamped to what a histogram holds; the signal must be one kept per class. */
    public void record(final LatencySignal signal, final long valueNs)
    {
        recorders[signal.ordinal()].recordValue(LatencyRecorders.clamp(valueNs));
    }

    SingleWriterRecorder recorder(final LatencySignal signal)
    {
        return recorders[signal.ordinal()];
    }
}
