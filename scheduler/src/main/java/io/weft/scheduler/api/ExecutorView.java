package io.weft.scheduler.api;

import java.util.List;
import java.util.Set;

/** A connected executor instance and its slots, as the scheduling core last saw it. */
public record ExecutorView(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    String status,
    long registeredAtEpochMs,
    long lastHeartbeatEpochMs,
    List<SlotView> slots)
{
    /** Slots of one executor class on one instance. */
    public record SlotView(String executorClass, int total, int used)
    {
        public int available()
        {
            return total - used;
        }
    }
}
