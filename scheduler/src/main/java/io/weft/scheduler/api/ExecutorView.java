package io.weft.scheduler.api;

import java.util.List;
import java.util.Set;

/**
 * A connected executor instance and its slots, as the scheduling core last saw it, and the node it is linked to
 * (the scheduler's owner; null where no cluster is involved).
 */
public record ExecutorView(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    String status,
    long registeredAtEpochMs,
    long lastHeartbeatEpochMs,
    List<SlotView> slots,
    String linkedNode)
{
    public ExecutorView(
        final long instanceId,
        final String deploymentName,
        final String owner,
        final String version,
        final Set<String> capabilities,
        final String status,
        final long registeredAtEpochMs,
        final long lastHeartbeatEpochMs,
        final List<SlotView> slots)
    {
        this(instanceId, deploymentName, owner, version, capabilities, status, registeredAtEpochMs, lastHeartbeatEpochMs, slots, null);
    }

    public ExecutorView linkedTo(final String node)
    {
        return new ExecutorView(instanceId, deploymentName, owner, version, capabilities, status, registeredAtEpochMs,
            lastHeartbeatEpochMs, slots, node);
    }

    /** Slots of one executor class on one instance. */
    public record SlotView(String executorClass, int total, int used)
    {
        public int available()
        {
            return total - used;
        }
    }
}
