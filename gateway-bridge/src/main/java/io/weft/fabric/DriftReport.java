package io.weft.fabric;

import java.time.Instant;
import java.util.List;

/** A drift check of a group: the summary and each enabled gateway's differences. */
public record DriftReport(String groupId, Instant checkedAt, DriftSummary summary, List<GatewayDrift> gateways)
{
    public DriftReport
    {
        gateways = gateways == null ? List.of() : List.copyOf(gateways);
    }
}
