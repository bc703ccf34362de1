package io.weft.fabric.gateway;

/** Slots of one executor class on one executor instance. */
public record SlotCapacity(String executorClass, int total, int used, int available)
{
}
