package io.weft.fabric;

import java.time.Instant;

/**
 * A gateway as the API shows it. {@code tokenConfigured} says whether a token source exists for it; the token
 * itself is never shown.
 */
public record GatewayView(
    String gatewayId,
    String name,
    String url,
    Environment environment,
    String region,
    ServiceType serviceType,
    boolean enabled,
    String groupId,
    Instant registeredAt,
    Instant updatedAt,
    boolean tokenConfigured,
    GatewayHealth health)
{
    public static GatewayView of(final Gateway gateway, final boolean tokenConfigured, final GatewayHealth health)
    {
        return new GatewayView(
            gateway.gatewayId(),
            gateway.name(),
            gateway.url(),
            gateway.environment(),
            gateway.region(),
            gateway.serviceType(),
            gateway.enabled(),
            gateway.groupId(),
            gateway.registeredAt(),
            gateway.updatedAt(),
            tokenConfigured,
            health);
    }
}
