package io.weft.fabric;

import java.time.Instant;

/**
 * A gateway: the gateway API of one Weft cluster, as the control plane knows it. Its bearer token is deliberately
 * not part of this record; it is looked up when needed (see {@code GatewayTokenResolver}) so it never reaches the
 * grid, a response or a log line.
 *
 * @param gatewayId   stable id; also names the token's environment variable {@code GATEWAY_TOKEN_<ID>}
 * @param url         base URL of the node's HTTP bridge, e.g. {@code http://10.0.0.5:8080}
 * @param groupId     the one fabric group the gateway belongs to
 */
public record Gateway(
    String gatewayId,
    String name,
    String url,
    Environment environment,
    String region,
    ServiceType serviceType,
    boolean enabled,
    String groupId,
    Instant registeredAt,
    Instant updatedAt)
{
    public Gateway inGroup(final String newGroupId, final Instant now)
    {
        return new Gateway(gatewayId, name, url, environment, region, serviceType, enabled, newGroupId, registeredAt, now);
    }
}
