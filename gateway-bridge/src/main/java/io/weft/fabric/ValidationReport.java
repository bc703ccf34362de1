package io.weft.fabric;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of validating a group: one status, the reasons for it, health details and every enabled gateway's
 * inspection.
 *
 * @param validatedAt when the validation completed; null if the group was never validated
 */
public record ValidationReport(
    String groupId,
    GroupStatus status,
    List<String> reasons,
    Instant validatedAt,
    HealthSummary health,
    List<GatewayInspection> gateways)
{
    public ValidationReport
    {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
    }

    public static ValidationReport neverValidated(final String groupId, final HealthSummary health)
    {
        return new ValidationReport(groupId, GroupStatus.UNKNOWN, List.of("the group has not been validated yet"), null, health, List.of());
    }
}
