package io.weft.fabric;

import java.time.Instant;
import java.util.List;

/**
 * A fabric group: a deployment target of gateways that should behave alike (same version, same capabilities).
 *
 * @param groupId              stable id, lower-case letters, digits and dashes
 * @param name                 for people
 * @param environment          the environment the group serves
 * @param region               topology hint, may be null
 * @param description          may be null
 * @param expectedVersion      the Weft version every gateway should run; null means "they must agree"
 * @param requiredCapabilities executor classes or features every gateway must offer, sorted
 * @param minGateways          fewer healthy gateways than this make the group degraded
 * @param maxGateways          the most gateways the group may hold; null for no limit
 * @param enabled              a disabled group is kept but not targeted
 * @param system               one of the per-environment default groups, which cannot be deleted
 */
public record FabricGroup(
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
    Instant updatedAt)
{
    public FabricGroup
    {
        requiredCapabilities = requiredCapabilities == null ? List.of() :
            requiredCapabilities.stream().distinct().sorted().toList();
    }

    /** The default group of an environment: the home of gateways that were not placed anywhere else. */
    public static FabricGroup systemDefault(final Environment environment, final Instant now)
    {
        final String label = environment.name().charAt(0) + environment.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        return new FabricGroup(
            environment.defaultGroupId(),
            "Default " + label,
            environment,
            null,
            "System default group for " + label.toLowerCase(java.util.Locale.ROOT) + " gateways",
            null,
            List.of(),
            0,
            null,
            true,
            true,
            now,
            now);
    }

    public boolean hasRoomFor(final int gateways)
    {
        return maxGateways == null || gateways <= maxGateways;
    }
}
