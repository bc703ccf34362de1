package io.weft.fabric;

import java.util.List;

/**
 * What a node says about itself on its gateway API, apart from the executor classes it serves (those come from
 * the scheduler at the time of the request).
 *
 * @param clusterId   the grid cluster the node belongs to
 * @param version     the Weft version it runs
 * @param features    declared features, e.g. {@code gpu}, sorted
 * @param serviceType the traffic it is meant for
 */
public record GatewayIdentity(String clusterId, String nodeId, String version, List<String> features, ServiceType serviceType)
{
    public GatewayIdentity
    {
        features = features == null ? List.of() : features.stream().distinct().sorted().toList();
    }
}
