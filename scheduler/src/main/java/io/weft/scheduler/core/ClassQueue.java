package io.weft.scheduler.core;

import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.ClassRecorders;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything about one executor class on this node: its ready frontier and its slot ledger (the instances serving
 * it). Classes are planned independently, so a saturated class never holds up another. This unit is also what a
 * cluster will assign to one owner node.
 */
final class ClassQueue
{
    private final String executorClass;
    private final int classId;
    /** This class's latency signals, held here so the hot path never looks them up. */
    final ClassRecorders signals;
    /** When each job that entered the frontier since the planner last looked at the class became ready (ns). */
    private long[] unseenReadyNs = new long[64];
    private int unseenCount;
    final ReadyFrontier frontier = new ReadyFrontier();
    private final List<ExecutorSlots> ledger = new ArrayList<>();
    private int freeSlots;
    private int usedSlots;
    boolean planPending;
    /** No new dispatches for this class while set; running jobs finish. */
    boolean paused;

    ClassQueue(final String executorClass, final int classId, final ClassRecorders signals)
    {
        this.executorClass = executorClass;
        this.classId = classId;
        this.signals = signals;
    }

    /** A job entered the frontier; its frontier wait ends when the planner next looks at this class. */
    void entered(final long readyAtNs)
    {
        if (unseenCount == unseenReadyNs.length)
        {
            unseenReadyNs = Arrays.copyOf(unseenReadyNs, unseenCount * 2);
        }
        unseenReadyNs[unseenCount++] = readyAtNs;
    }

    /** The planner is looking at the class now: every job that entered since it last looked has been seen. */
    void seen(final long nowNs)
    {
        for (int i = 0; i < unseenCount; i++)
        {
            signals.record(LatencySignal.FRONTIER_WAIT, nowNs - unseenReadyNs[i]);
        }
        unseenCount = 0;
    }

    String executorClass()
    {
        return executorClass;
    }

    int classId()
    {
        return classId;
    }

    int freeSlots()
    {
        return freeSlots;
    }

    int usedSlots()
    {
        return usedSlots;
    }

    void addSlots(final ExecutorSlots slots)
    {
        ledger.add(slots);
        freeSlots += slots.free();
        usedSlots += slots.used;
    }

    void removeSlots(final ExecutorSlots slots)
    {
        if (ledger.remove(slots))
        {
            freeSlots -= slots.free();
            usedSlots -= slots.used;
        }
    }

    /**
     * Reserves one slot on the instance with the most free slots of this class, which spreads load across
     * instances. Returns null when the class is full. Linear in the instances serving the class, which are few.
     */
    ExecutorSlots reserve()
    {
        if (freeSlots <= 0)
        {
            return null; // below zero when leases taken over from an earlier owner overcommit an instance
        }
        ExecutorSlots best = null;
        for (int i = 0, n = ledger.size(); i < n; i++)
        {
            final ExecutorSlots candidate = ledger.get(i);
            if (best == null || candidate.free() > best.free())
            {
                best = candidate;
            }
        }
        best.used++;
        best.instance.publishUsed(best.slotIndex, best.used);
        freeSlots--;
        usedSlots++;
        return best;
    }

    /** Occupies a slot of one given instance, for a lease that already exists (taken over from an earlier owner). */
    void occupy(final ExecutorSlots slots)
    {
        slots.used++;
        slots.instance.publishUsed(slots.slotIndex, slots.used);
        if (ledger.contains(slots))
        {
            freeSlots--;
            usedSlots++;
        }
    }

    void release(final ExecutorSlots slots)
    {
        slots.used--;
        slots.instance.publishUsed(slots.slotIndex, slots.used);
        if (ledger.contains(slots))
        {
            freeSlots++;
            usedSlots--;
        }
    }
}
