package io.weft.fabric;

import java.time.Instant;
import java.util.List;

/** A group as the API shows it: its definition, its members, its last validation status and its health details. */
public record GroupView(
    String groupId,
    String name,
    Environment environment,
    String region,
    String description,
    String expectedVersion,
    List<String> requiredCapabilities,
    int minGateways,
    Integer maxGateways,
    boolean enabled,
    boolean system,
    Instant createdAt,
    Instant updatedAt,
    List<String> gatewayIds,
    GroupStatus status,
    Instant validatedAt,
    HealthSummary health)
{
    public static GroupView of(
        final FabricGroup group, final List<String> gatewayIds, final ValidationReport validation, final HealthSummary health)
    {
        return new GroupView(
            group.groupId(),
            group.name(),
            group.environment(),
            group.region(),
            group.description(),
            group.expectedVersion(),
            group.requiredCapabilities(),
            group.minGateways(),
            group.maxGateways(),
            group.enabled(),
            group.system(),
            group.createdAt(),
            group.updatedAt(),
            List.copyOf(gatewayIds),
            validation.status(),
            validation.validatedAt(),
            health);
    }
}
