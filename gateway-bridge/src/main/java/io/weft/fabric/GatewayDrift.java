package io.weft.fabric;

import java.util.List;

/** One gateway's drift: its state, why it could not be asked (when it could not), and every difference found. */
public record GatewayDrift(String gatewayId, DriftState state, String detail, List<DriftItem> items)
{
    public GatewayDrift
    {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
