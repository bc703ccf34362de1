package io.weft.fabric;

import java.util.Set;

/** A gateway as an admin described it in a register or update request; see {@link GroupDraft} for {@code given}. */
public record GatewayDraft(
    String gatewayId,
    String name,
    String url,
    String environment,
    String region,
    String serviceType,
    Boolean enabled,
    Set<String> given)
{
    public GatewayDraft
    {
        given = given == null ? Set.of() : Set.copyOf(given);
    }

    public boolean has(final String field)
    {
        return given.contains(field);
    }
}
