package io.weft.fabric.gateway;

import io.weft.scheduler.api.ExecutorView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer of {@code GET /gateway/v1/capacity}: slots over every serving executor and per executor.
 * Utilisation is used / total as a percentage with one decimal, 0 when there are no slots. A lost executor's
 * slots are not capacity anyone can use, so they are left out.
 */
public record CapacityReport(int total, int used, int available, double utilizationPercent, List<ExecutorCapacity> executors)
{
    public CapacityReport
    {
        executors = executors == null ? List.of() : List.copyOf(executors);
    }

    public static CapacityReport of(final List<ExecutorView> views)
    {
        final List<ExecutorCapacity> executors = new ArrayList<>();
        int total = 0;
        int used = 0;
        for (final ExecutorView view : views)
        {
            if (DeploymentList.LOST.equals(view.status()))
            {
                continue;
            }
            int executorTotal = 0;
            int executorUsed = 0;
            for (final ExecutorView.SlotView slot : view.slots() == null ? List.<ExecutorView.SlotView>of() : view.slots())
            {
                executorTotal += slot.total();
                executorUsed += slot.used();
            }
            executors.add(new ExecutorCapacity(
                Long.toString(view.instanceId()), view.deploymentName(), executorTotal, executorUsed,
                executorTotal - executorUsed, percent(executorUsed, executorTotal)));
            total += executorTotal;
            used += executorUsed;
        }
        executors.sort(Comparator.comparing(ExecutorCapacity::instanceId));
        return new CapacityReport(total, used, total - used, percent(used, total), executors);
    }

    static double percent(final int used, final int total)
    {
        return total == 0 ? 0.0 : Math.round(used * 1000.0 / total) / 10.0;
    }
}
