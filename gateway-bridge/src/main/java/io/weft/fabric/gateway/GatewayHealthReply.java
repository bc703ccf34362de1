package io.weft.fabric.gateway;

import java.time.Instant;

/** The answer of {@code GET /gateway/v1/health}: {@code status} is {@code UP} whenever the node answers at all. */
public record GatewayHealthReply(String status, String clusterId, String nodeId, Instant time)
{
    public static final String UP = "UP";
}
