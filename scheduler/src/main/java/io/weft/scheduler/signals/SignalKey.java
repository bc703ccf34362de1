package io.weft.scheduler.signals;

import io.weft.scheduler.api.LatencySignal;

/** One recorded histogram: a signal, and the executor class it is kept for (null for a signal kept per node). */
public record SignalKey(LatencySignal signal, String executorClass)
{
    /** The tag of this histogram in an interval log: {@code signal} or {@code signal:class}, with no comma or space. */
    public String logTag()
    {
        final String name = signal.signalName();
        return executorClass == null ? name : name + ":" + executorClass.replaceAll("[,\\s]", "_");
    }
}
