package io.weft.scheduler.core;

import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.ExecutorView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A registered executor instance and its slots, one {@link ExecutorSlots} per class it serves. The core mutates it;
 * readers on other threads see used-slot counts and heartbeat times through ordered writes, which is enough for a
 * listing and costs the hot path nothing but a plain store.
 */
final class ExecutorInstance
{
    final ExecutorDescriptor descriptor;
    final long registeredAtEpochMs;
    final ExecutorSlots[] slots;
    private final AtomicIntegerArray publishedUsed;
    private volatile long lastHeartbeatEpochMs;
    static final String READY = "READY";
    /** Drained by an operator: it runs what it holds and gets nothing new. */
    static final String DRAINING = "DRAINING";

    private volatile String status = READY;

    ExecutorInstance(final ExecutorDescriptor descriptor, final ClassQueue[] queues, final int[] totals, final long nowEpochMs)
    {
        this.descriptor = descriptor;
        this.registeredAtEpochMs = nowEpochMs;
        this.lastHeartbeatEpochMs = nowEpochMs;
        this.slots = new ExecutorSlots[queues.length];
        this.publishedUsed = new AtomicIntegerArray(queues.length);
        for (int i = 0; i < queues.length; i++)
        {
            slots[i] = new ExecutorSlots(this, i, queues[i], totals[i]);
        }
    }

    long instanceId()
    {
        return descriptor.instanceId();
    }

    ExecutorSlots slotsFor(final ClassQueue queue)
    {
        for (final ExecutorSlots s : slots)
        {
            if (s.queue == queue)
            {
                return s;
            }
        }
        return null;
    }

    void publishUsed(final int slotIndex, final int used)
    {
        publishedUsed.lazySet(slotIndex, used);
    }

    long lastHeartbeatEpochMs()
    {
        return lastHeartbeatEpochMs;
    }

    /** Heartbeats since it registered, counted up to 2: by the second, the first's lease list has been heard. */
    int heartbeatsSinceRegistration;

    void heartbeat(final long nowEpochMs)
    {
        lastHeartbeatEpochMs = nowEpochMs;
    }

    void status(final String status)
    {
        this.status = status;
    }

    ExecutorView view()
    {
        final List<ExecutorView.SlotView> slotViews = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++)
        {
            slotViews.add(new ExecutorView.SlotView(slots[i].queue.executorClass(), slots[i].total, publishedUsed.get(i)));
        }
        return new ExecutorView(
            descriptor.instanceId(),
            descriptor.deploymentName(),
            descriptor.owner(),
            descriptor.version(),
            descriptor.capabilities(),
            status,
            registeredAtEpochMs,
            lastHeartbeatEpochMs,
            slotViews);
    }

    @Override
    public String toString()
    {
        return "ExecutorInstance{" + descriptor.instanceId() + " " + Arrays.toString(slots) + "}";
    }
}
