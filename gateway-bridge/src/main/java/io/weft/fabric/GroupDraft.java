package io.weft.fabric;

import java.util.List;
import java.util.Set;

/**
 * A group as an admin described it in a create or update request, before any rule was applied. Environment is
 * still text so that the registry can name an unknown one in its answer. For an update, {@code given} tells a
 * field that was left out (keep it) from one set to null (clear it).
 */
public record GroupDraft(
    String groupId,
    String name,
    String environment,
    String region,
    String description,
    String expectedVersion,
    List<String> requiredCapabilities,
    Integer minGateways,
    Integer maxGateways,
    Boolean enabled,
    Set<String> given)
{
    public GroupDraft
    {
        given = given == null ? Set.of() : Set.copyOf(given);
    }

    public boolean has(final String field)
    {
        return given.contains(field);
    }
}
