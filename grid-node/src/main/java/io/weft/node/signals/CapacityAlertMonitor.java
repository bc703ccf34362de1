package io.weft.node.signals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raises a capacity alert for a class whose utilisation stays above {@code threshold} for {@code raiseAfterMs},
 * and clears it once utilisation has stayed at or below the threshold for {@code clearAfterMs}, so one busy or idle
 * second neither raises nor clears it. Alerts are logged, counted, and listed until they clear. Fed by one thread;
 * read from any.
 */
public final class CapacityAlertMonitor
{
    private static final Logger LOG = LoggerFactory.getLogger(CapacityAlertMonitor.class);

    /** A raised alert: the class, when it went over, and the utilisation last seen. */
    public record Alert(String executorClass, long sinceEpochMs, double utilisation)
    {
    }

    private static final class ClassState
    {
        long aboveSinceMs = -1;
        long belowSinceMs = -1;
        Alert raised;
    }

    private final double threshold;
    private final long raiseAfterMs;
    private final long clearAfterMs;
    private final Map<String, ClassState> classes = new HashMap<>();
    private long raisedCount;
    private long clearedCount;
    private volatile java.util.function.BiConsumer<Alert, Boolean> listener = (alert, raised) -> { };

    public CapacityAlertMonitor(final double threshold, final long raiseAfterMs, final long clearAfterMs)
    {
        this.threshold = threshold;
        this.raiseAfterMs = raiseAfterMs;
        this.clearAfterMs = clearAfterMs;
    }

    /** Told of each alert raised (true) or cleared (false), on the sampling thread; must not block. */
    public void listener(final java.util.function.BiConsumer<Alert, Boolean> listener)
    {
        this.listener = listener;
    }

    public double threshold()
    {
        return threshold;
    }

    /** One utilisation sample of a class (0 to 1) at {@code nowMs}. */
    public synchronized void observe(final String executorClass, final double utilisation, final long nowMs)
    {
        final ClassState state = classes.computeIfAbsent(executorClass, k -> new ClassState());
        if (utilisation > threshold)
        {
            state.belowSinceMs = -1;
            if (state.aboveSinceMs < 0)
            {
                state.aboveSinceMs = nowMs;
            }
            if (state.raised != null)
            {
                state.raised = new Alert(executorClass, state.raised.sinceEpochMs(), utilisation);
            }
            else if (nowMs - state.aboveSinceMs >= raiseAfterMs)
            {
                state.raised = new Alert(executorClass, state.aboveSinceMs, utilisation);
                raisedCount++;
                LOG.warn("capacity alert: class {} has been above {}% utilisation for {} s (now {}%); add slots or shed load",
                    executorClass, Math.round(threshold * 100), (nowMs - state.aboveSinceMs) / 1000, Math.round(utilisation * 100));
                listener.accept(state.raised, true);
            }
            return;
        }
        state.aboveSinceMs = -1;
        if (state.belowSinceMs < 0)
        {
            state.belowSinceMs = nowMs;
        }
        if (state.raised != null && nowMs - state.belowSinceMs >= clearAfterMs)
        {
            LOG.info("capacity alert cleared: class {} has been at or below {}% utilisation for {} s",
                executorClass, Math.round(threshold * 100), (nowMs - state.belowSinceMs) / 1000);
            listener.accept(new Alert(executorClass, state.raised.sinceEpochMs(), utilisation), false);
            state.raised = null;
            clearedCount++;
        }
    }

    /** The raised alert of a class, or null. */
    public synchronized Alert alertOf(final String executorClass)
    {
        final ClassState state = classes.get(executorClass);
        return state == null ? null : state.raised;
    }

    public synchronized List<Alert> raised()
    {
        final List<Alert> alerts = new ArrayList<>();
        classes.values().forEach(state -> {
            if (state.raised != null)
            {
                alerts.add(state.raised);
            }
        });
        alerts.sort((a, b) -> a.executorClass().compareTo(b.executorClass()));
        return alerts;
    }

    public synchronized long raisedCount()
    {
        return raisedCount;
    }

    public synchronized long clearedCount()
    {
        return clearedCount;
    }
}
