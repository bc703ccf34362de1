package io.weft.scheduler.core;

import io.weft.scheduler.api.ExecutorView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered executor instances as other threads may read them. Only the core adds and removes; an entry
 * changes on registration and loss, never per job.
 */
public final class ExecutorDirectory
{
    private final ConcurrentHashMap<Long, ExecutorInstance> instances = new ConcurrentHashMap<>();

    void put(final long instanceId, final ExecutorInstance instance)
    {
        instances.put(instanceId, instance);
    }

    void remove(final long instanceId, final ExecutorInstance instance)
    {
        instances.remove(instanceId, instance);
    }

    void clear()
    {
        instances.clear();
    }

    public List<ExecutorView> views()
    {
        final List<ExecutorView> views = new ArrayList<>(instances.size());
        for (final ExecutorInstance instance : instances.values())
        {
            views.add(instance.view());
        }
        views.sort(Comparator.comparingLong(ExecutorView::instanceId));
        return views;
    }
}
