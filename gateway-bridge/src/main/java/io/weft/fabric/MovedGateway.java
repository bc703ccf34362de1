package io.weft.fabric;

/** A gateway that had to leave a deleted group, and the default group it moved to. */
public record MovedGateway(String gatewayId, String fromGroupId, String toGroupId)
{
}
