package io.weft.fabric;

/** Whether a gateway, or a whole group, holds what was published to it. */
public enum DriftState
{
    IN_SYNC,
    DRIFTED,
    /** The gateway could not be asked (unhealthy or unreachable). */
    UNKNOWN
}
