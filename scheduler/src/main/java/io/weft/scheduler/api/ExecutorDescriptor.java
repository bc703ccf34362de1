package io.weft.scheduler.api;

import java.util.Map;
import java.util.Set;

/** What an executor instance declared when it registered: who it is and how many slots of each class it offers. */
public record ExecutorDescriptor(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    Map<String, Integer> slotsByClass)
{
    public ExecutorDescriptor
    {
        capabilities = Set.copyOf(capabilities);
        slotsByClass = Map.copyOf(slotsByClass);
    }
}
