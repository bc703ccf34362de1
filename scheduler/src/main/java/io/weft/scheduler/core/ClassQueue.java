package io.weft.scheduler.core;

import java.util.ArrayList;
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
    final ReadyFrontier frontier = new ReadyFrontier();
    private final List<ExecutorSlots> ledger = new ArrayList<>();
    private int freeSlots;
    private int usedSlots;
    boolean planPending;
    /** No new dispatches for this class while set; running jobs finish. */
    boolean paused;

    ClassQueue(final String executorClass, final int classId)
    {
        this.executorClass = executorClass;
        this.classId = classId;
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
