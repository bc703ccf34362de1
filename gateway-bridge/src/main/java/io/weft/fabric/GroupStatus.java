package io.weft.fabric;

/** A group's homogeneity status, as its last validation found it. */
public enum GroupStatus
{
    /** Every gateway was inspected and matches the group's version and capabilities. */
    HEALTHY,
    /** At least one gateway diverges on version or capabilities. */
    MISMATCHED,
    /** Never validated, or a gateway answered but could not be inspected. */
    UNKNOWN,
    /** Fewer healthy gateways than the group's minimum, or some gateways are unavailable. */
    DEGRADED
}
