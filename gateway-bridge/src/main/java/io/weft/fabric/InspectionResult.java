package io.weft.fabric;

/** What validating one gateway found. */
public enum InspectionResult
{
    MATCHES,
    MISMATCHED,
    /** The gateway failed its health check (down); it counts against the group's availability. */
    UNAVAILABLE,
    /** The gateway could not be inspected: token refused or missing, or its runtime answer was unusable. */
    NOT_INSPECTED
}
