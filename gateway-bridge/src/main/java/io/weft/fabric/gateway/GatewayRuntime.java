package io.weft.fabric.gateway;

import io.weft.fabric.ServiceType;

/** The answer of {@code GET /gateway/v1/runtime}: what validation compares with a group's expectations. */
public record GatewayRuntime(
    String clusterId, String nodeId, String version, ServiceType serviceType, RuntimeCapabilities capabilities)
{
    public GatewayRuntime
    {
        capabilities = capabilities == null ? new RuntimeCapabilities(null, null) : capabilities;
    }
}
