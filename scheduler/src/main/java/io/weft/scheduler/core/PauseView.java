package io.weft.scheduler.core;

import io.weft.scheduler.api.PauseState;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What is paused, as other threads may read it. Only the core writes, on pause and resume events. */
public final class PauseView
{
    private volatile boolean schedulerPaused;
    private final Set<String> pausedClasses = ConcurrentHashMap.newKeySet();

    void paused(final String executorClass)
    {
        if (executorClass == null)
        {
            schedulerPaused = true;
        }
        else
        {
            pausedClasses.add(executorClass);
        }
    }

    void resumed(final String executorClass)
    {
        if (executorClass == null)
        {
            schedulerPaused = false;
        }
        else
        {
            pausedClasses.remove(executorClass);
        }
    }

    void clear()
    {
        schedulerPaused = false;
        pausedClasses.clear();
    }

    public PauseState state()
    {
        return new PauseState(schedulerPaused, Set.copyOf(pausedClasses));
    }
}
