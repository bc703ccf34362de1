package io.weft.scheduler.core;

import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.port.DispatchSender;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;

/**
 * The executor instances linked to this node: who they are, the slots they offer each class (added to and removed
 * from the class ledgers of the {@link ClassOwner}), and whether they are still heard from. What losing one means
 * for the jobs it held is the {@link DagOwner}'s business; the roster only says which instances are gone.
 */
final class ExecutorRoster
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRoster.class);
    private static final ExecutorInstance[] NONE = new ExecutorInstance[0];

    private final ClassOwner classes;
    private final ExecutorDirectory directory;
    private final DispatchSender sender;
    private final SchedulerCounters counters;
    private final long heartbeatTimeoutMs;
    private final Long2ObjectHashMap<ExecutorInstance> executors = new Long2ObjectHashMap<>();
    /** Instances an operator drained: kept across their re-registrations, for this ownership term. */
    private final LongHashSet drained = new LongHashSet();

    ExecutorRoster(
        final ClassOwner classes,
        final ExecutorDirectory directory,
        final DispatchSender sender,
        final SchedulerCounters counters,
        final long heartbeatTimeoutMs)
    {
        this.classes = classes;
        this.directory = directory;
        this.sender = sender;
        this.counters = counters;
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
    }

    int usedSlots(final String executorClass)
    {
        int used = 0;
        for (final ExecutorInstance instance : executors.values())
        {
            for (final ExecutorSlots slots : instance.slots)
            {
                if (slots.queue.executorClass().equals(executorClass))
                {
                    used += slots.used;
                }
            }
        }
        return used;
    }

    ExecutorInstance get(final long instanceId)
    {
        return executors.get(instanceId);
    }

    /** The slots of the job's class on the instance that holds its lease, or null when that instance is not here. */
    ExecutorSlots slotsOf(final long instanceId, final ClassQueue queue)
    {
        final ExecutorInstance instance = executors.get(instanceId);
        return instance == null ? null : instance.slotsFor(queue);
    }

    /** Adds the instance and offers its slots to their classes. The caller has already dropped an earlier one of the same id. */
    ExecutorInstance register(final ExecutorDescriptor descriptor, final long nowEpochMs)
    {
        final int classCount = descriptor.slotsByClass().size();
        final ClassQueue[] classQueues = new ClassQueue[classCount];
        final int[] totals = new int[classCount];
        int i = 0;
        for (final Map.Entry<String, Integer> entry : descriptor.slotsByClass().entrySet())
        {
            classQueues[i] = classes.queue(entry.getKey());
            totals[i] = entry.getValue();
            i++;
        }
        final ExecutorInstance instance = new ExecutorInstance(descriptor, classQueues, totals, nowEpochMs);
        executors.put(descriptor.instanceId(), instance);
        directory.put(descriptor.instanceId(), instance);
        if (drained.contains(descriptor.instanceId()))
        {
            instance.status(ExecutorInstance.DRAINING);
        }
        else
        {
            offer(instance);
        }
        LOG.info("executor {} registered with slots {}{}", descriptor.instanceId(), descriptor.slotsByClass(),
            drained.contains(descriptor.instanceId()) ? " (drained: it gets no new work)" : "");
        return instance;
    }

    private void offer(final ExecutorSlots[] slots)
    {
        for (final ExecutorSlots s : slots)
        {
            s.queue.addSlots(s);
            classes.schedulePlan(s.queue);
        }
    }

    private void offer(final ExecutorInstance instance)
    {
        offer(instance.slots);
    }

    /**
     * Drains the instance: its slots leave their classes' ledgers, so the planner gives it nothing new, while the
     * leases it holds run to their end (a release outside the ledger only lowers the instance's own count). Or
     * offers its slots again.
     */
    void drain(final long instanceId, final boolean drain)
    {
        if (drain ? !drained.add(instanceId) : !drained.remove(instanceId))
        {
            return;
        }
        final ExecutorInstance instance = executors.get(instanceId);
        if (instance == null)
        {
            return;
        }
        if (drain)
        {
            for (final ExecutorSlots slots : instance.slots)
            {
                slots.queue.removeSlots(slots);
            }
            instance.status(ExecutorInstance.DRAINING);
            LOG.info("executor {} drained: it finishes what it runs and gets no new work", instanceId);
        }
        else
        {
            instance.status(ExecutorInstance.READY);
            offer(instance);
            LOG.info("executor {} resumed: it takes new work again", instanceId);
        }
    }

    /** Records a heartbeat; answers true exactly once, at the instance's second heartbeat since it registered. */
    boolean heartbeat(final ExecutorInstance instance, final long nowEpochMs)
    {
        instance.heartbeat(nowEpochMs);
        return instance.heartbeatsSinceRegistration < 2 && ++instance.heartbeatsSinceRegistration == 2;
    }

    /** The instances not heard from within the heartbeat timeout; none in the common case, without allocating. */
    ExecutorInstance[] silentSince(final long nowEpochMs)
    {
        if (executors.isEmpty())
        {
            return NONE;
        }
        ExecutorInstance[] lost = NONE;
        int lostCount = 0;
        for (final ExecutorInstance instance : executors.values())
        {
            if (nowEpochMs - instance.lastHeartbeatEpochMs() > heartbeatTimeoutMs)
            {
                lost = lost.length == lostCount ? Arrays.copyOf(lost, Math.max(4, lostCount * 2)) : lost;
                lost[lostCount++] = instance;
            }
        }
        return lostCount == lost.length ? lost : Arrays.copyOf(lost, lostCount);
    }

    /**
     * Takes the instance off the roster and its slots off their classes, after its leases have been dealt with.
     * {@code forgetLink} is false when a new registration of the same id has already replaced its link.
     */
    void remove(final ExecutorInstance instance, final boolean forgetLink)
    {
        SchedulerCounters.increment(counters.executorsLost);
        for (final ExecutorSlots slots : instance.slots)
        {
            slots.queue.removeSlots(slots);
        }
        instance.status("LOST");
        executors.remove(instance.instanceId());
        directory.remove(instance.instanceId(), instance);
        if (forgetLink)
        {
            sender.forget(instance.instanceId());
        }
    }
}
