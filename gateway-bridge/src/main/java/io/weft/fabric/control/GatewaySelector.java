package io.weft.fabric.control;

import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayHealth;
import io.weft.fabric.gateway.CapacityReport;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the gateway an execution goes to. Pure. Eligible: enabled, takes writes, passed its health check. Among
 * the eligible, the most available slots first; a gateway whose capacity could not be read comes after every
 * gateway whose capacity is known; ties go by id so the choice is repeatable.
 */
public final class GatewaySelector
{
    /** An eligible gateway and its capacity (null when it could not be read). */
    public record Candidate(Gateway gateway, CapacityReport capacity)
    {
        int available()
        {
            return capacity == null ? -1 : capacity.available();
        }
    }

    private GatewaySelector()
    {
    }

    /** Why the gateway cannot take an execution before its health is known, or empty when it might. */
    public static Optional<String> staticExclusion(final Gateway gateway)
    {
        if (!gateway.enabled())
        {
            return Optional.of(gateway.gatewayId() + ": disabled");
        }
        if (!gateway.serviceType().takesWrites())
        {
            return Optional.of(gateway.gatewayId() + ": service type " + gateway.serviceType() + " takes no writes");
        }
        return Optional.empty();
    }

    public static Optional<String> healthExclusion(final GatewayHealth health)
    {
        return health.isUp() ? Optional.empty() : Optional.of(health.gatewayId() + ": " + health.describe());
    }

    /** Best first. */
    public static List<Candidate> rank(final List<Candidate> candidates)
    {
        return candidates.stream()
            .sorted(Comparator.comparingInt(Candidate::available).reversed()
                .thenComparing(candidate -> candidate.gateway().gatewayId()))
            .toList();
    }
}
