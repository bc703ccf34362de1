package io.weft.fabric;

import java.time.Instant;
import java.util.Collection;

/**
 * Health details of a group: how many of its enabled gateways passed their last check, how many failed it
 * (degraded), how many were not checked yet, and when the latest check completed.
 */
public record HealthSummary(int healthy, int degraded, int unknown, Instant lastCheckAt)
{
    public static HealthSummary of(final Collection<GatewayHealth> checks)
    {
        int healthy = 0;
        int degraded = 0;
        int unknown = 0;
        Instant last = null;
        for (final GatewayHealth check : checks)
        {
            switch (check.state())
            {
                case UP -> healthy++;
                case DOWN, REJECTED -> degraded++;
                case UNKNOWN -> unknown++;
            }
            if (check.checkedAt() != null && (last == null || check.checkedAt().isAfter(last)))
            {
                last = check.checkedAt();
            }
        }
        return new HealthSummary(healthy, degraded, unknown, last);
    }
}
