package io.weft.fabric;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * The cached outcome of one health check.
 *
 * @param detail    why it is not UP (never contains a token), or null
 * @param checkedAt when the check completed; null if never checked
 * @param latencyMs how long the check took
 */
public record GatewayHealth(String gatewayId, HealthState state, String detail, Instant checkedAt, long latencyMs)
{
    public static GatewayHealth unknown(final String gatewayId, final String detail)
    {
        return new GatewayHealth(gatewayId, HealthState.UNKNOWN, detail, null, 0);
    }

    @JsonIgnore
    public boolean isUp()
    {
        return state == HealthState.UP;
    }

    /** One line for problem details and outcomes, e.g. "DOWN (connection refused)". */
    public String describe()
    {
        return detail == null ? state.name() : state + " (" + detail + ")";
    }
}
