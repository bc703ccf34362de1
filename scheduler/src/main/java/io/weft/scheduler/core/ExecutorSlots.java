package io.weft.scheduler.core;

/** The slots one executor instance offers for one executor class. */
final class ExecutorSlots
{
    final ExecutorInstance instance;
    final int slotIndex;
    final ClassQueue queue;
    final int total;
    int used;

    ExecutorSlots(final ExecutorInstance instance, final int slotIndex, final ClassQueue queue, final int total)
    {
        this.instance = instance;
        this.slotIndex = slotIndex;
        this.queue = queue;
        this.total = total;
    }

    int free()
    {
        return total - used;
    }

    @Override
    public String toString()
    {
        return queue.executorClass() + "=" + used + "/" + total;
    }
}
