package io.weft.fabric.gateway;

import java.time.Instant;
import java.util.List;

/**
 * One executor instance connected to the gateway's node.
 *
 * @param status the scheduler's view of the connection ({@code READY}, or {@code LOST} once heartbeats stopped)
 */
public record Deployment(
    String instanceId,
    String name,
    String owner,
    String version,
    String status,
    Instant registeredAt,
    Instant lastHeartbeatAt,
    List<SlotCapacity> slots)
{
    public Deployment
    {
        slots = slots == null ? List.of() : List.copyOf(slots);
    }
}
