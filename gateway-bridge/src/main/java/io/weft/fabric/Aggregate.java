package io.weft.fabric;

import java.util.Collection;

/** The summary of a fan-out. Never stands alone: every response that carries one also lists each gateway's outcome. */
public enum Aggregate
{
    ALL_SUCCEEDED,
    PARTIAL,
    ALL_FAILED,
    /** The group had no enabled gateway to send to. */
    NO_TARGETS;

    public static Aggregate of(final Collection<GatewayOutcome> outcomes)
    {
        if (outcomes.isEmpty())
        {
            return NO_TARGETS;
        }
        final long succeeded = outcomes.stream().filter(GatewayOutcome::succeeded).count();
        if (succeeded == outcomes.size())
        {
            return ALL_SUCCEEDED;
        }
        return succeeded == 0 ? ALL_FAILED : PARTIAL;
    }
}
