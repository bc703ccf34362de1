package io.weft.fabric;

import java.time.Instant;

/**
 * One gateway's result in a fan-out.
 *
 * @param httpStatus the gateway's HTTP status, or 0 when it was not contacted or did not answer
 * @param detail     what happened, in words; for a failure, why
 */
public record GatewayOutcome(String gatewayId, Outcome outcome, int httpStatus, String detail, Instant at, long durationMs)
{
    public boolean succeeded()
    {
        return outcome == Outcome.SUCCEEDED;
    }
}
