package io.weft.fabric;

import java.util.List;

/** The health details of a group: the summary over its enabled gateways and each one's cached check. */
public record GroupHealth(String groupId, HealthSummary summary, List<GatewayHealth> gateways)
{
    public GroupHealth
    {
        gateways = List.copyOf(gateways);
    }
}
