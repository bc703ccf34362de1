package io.weft.node.signals;

import io.weft.scheduler.api.ExecutorView;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Samples every class's slots (total and used, summed over the executors serving it) at a fixed rate and keeps
 * the samples of the last {@code historyMs}: utilisation over a window is the used slot-time over the offered
 * slot-time of the samples in it. Each sample also feeds the {@link CapacityAlertMonitor}. One thread samples;
 * any thread reads.
 */
public final class CapacitySampler
{
    /** One class at one instant. */
    public record Sample(long epochMs, int used, int total)
    {
    }

    /** A class's utilisation over a window: used slot-time over offered slot-time, or null without offered slots. */
    public record Utilisation(Double value, int samples)
    {
    }

    private final Supplier<List<ExecutorView>> executors;
    private final CapacityAlertMonitor alerts;
    private final long historyMs;
    private final LongSupplier clockMs;
    private final Map<String, ArrayDeque<Sample>> samples = new TreeMap<>();

    public CapacitySampler(
        final Supplier<List<ExecutorView>> executors, final CapacityAlertMonitor alerts, final long historyMs, final LongSupplier clockMs)
    {
        this.executors = executors;
        this.alerts = alerts;
        this.historyMs = historyMs;
        this.clockMs = clockMs;
    }

    /** Takes one sample of every class the executors serve now, and of every class seen before (as 0 of 0 if gone). */
    public void sample()
    {
        final long nowMs = clockMs.getAsLong();
        final Map<String, int[]> now = new TreeMap<>();
        for (final ExecutorView executor : executors.get())
        {
            for (final ExecutorView.SlotView slot : executor.slots())
            {
                final int[] totals = now.computeIfAbsent(slot.executorClass(), k -> new int[2]);
                totals[0] += slot.used();
                totals[1] += slot.total();
            }
        }
        synchronized (this)
        {
            for (final String executorClass : samples.keySet())
            {
                now.putIfAbsent(executorClass, new int[2]);
            }
            now.forEach((executorClass, totals) -> {
                final ArrayDeque<Sample> series = samples.computeIfAbsent(executorClass, k -> new ArrayDeque<>());
                series.addLast(new Sample(nowMs, totals[0], totals[1]));
                while (!series.isEmpty() && series.peekFirst().epochMs() <= nowMs - historyMs)
                {
                    series.removeFirst();
                }
            });
        }
        now.forEach((executorClass, totals) -> {
            if (totals[1] > 0)
            {
                alerts.observe(executorClass, (double)totals[0] / totals[1], nowMs);
            }
        });
    }

    public synchronized List<String> classes()
    {
        return new ArrayList<>(samples.keySet());
    }

    /** The class's samples within the last {@code windowMs}, oldest first. */
    public synchronized List<Sample> samples(final String executorClass, final long windowMs)
    {
        final ArrayDeque<Sample> series = samples.get(executorClass);
        final List<Sample> inWindow = new ArrayList<>();
        if (series == null)
        {
            return inWindow;
        }
        final long fromMs = clockMs.getAsLong() - windowMs;
        for (final Sample sample : series)
        {
            if (sample.epochMs() > fromMs)
            {
                inWindow.add(sample);
            }
        }
        return inWindow;
    }

    public Utilisation utilisation(final String executorClass, final long windowMs)
    {
        long used = 0;
        long total = 0;
        final List<Sample> inWindow = samples(executorClass, windowMs);
        for (final Sample sample : inWindow)
        {
            used += sample.used();
            total += sample.total();
        }
        return new Utilisation(total == 0 ? null : (double)used / total, inWindow.size());
    }

    /** The newest sample of the class, or null. */
    public synchronized Sample latest(final String executorClass)
    {
        final ArrayDeque<Sample> series = samples.get(executorClass);
        return series == null ? null : series.peekLast();
    }
}
