package io.weft.fabric.gateway;

/** One executor instance's slots, all classes together. */
public record ExecutorCapacity(String instanceId, String name, int total, int used, int available, double utilizationPercent)
{
}
