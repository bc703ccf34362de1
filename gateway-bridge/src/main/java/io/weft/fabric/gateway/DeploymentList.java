package io.weft.fabric.gateway;

import io.weft.scheduler.api.ExecutorView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The answer of {@code GET /gateway/v1/deployments}: every executor instance, and how many are serving. */
public record DeploymentList(int total, int serving, List<Deployment> executors)
{
    public static final String LOST = "LOST";

    public DeploymentList
    {
        executors = executors == null ? List.of() : List.copyOf(executors);
    }

    public static DeploymentList of(final List<ExecutorView> views)
    {
        final List<Deployment> executors = new ArrayList<>(views.size());
        int serving = 0;
        for (final ExecutorView view : views)
        {
            final List<SlotCapacity> slots = new ArrayList<>();
            for (final ExecutorView.SlotView slot : view.slots() == null ? List.<ExecutorView.SlotView>of() : view.slots())
            {
                slots.add(new SlotCapacity(slot.executorClass(), slot.total(), slot.used(), slot.available()));
            }
            if (!LOST.equals(view.status()))
            {
                serving++;
            }
            executors.add(new Deployment(
                Long.toString(view.instanceId()),
                view.deploymentName(),
                view.owner(),
                view.version(),
                view.status(),
                instant(view.registeredAtEpochMs()),
                instant(view.lastHeartbeatEpochMs()),
                slots));
        }
        executors.sort(Comparator.comparing(Deployment::instanceId));
        return new DeploymentList(executors.size(), serving, executors);
    }

    private static Instant instant(final long epochMs)
    {
        return epochMs == 0 ? null : Instant.ofEpochMilli(epochMs);
    }
}
