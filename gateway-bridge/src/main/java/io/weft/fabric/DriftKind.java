package io.weft.fabric;

/** How a gateway's templates differ from what was published to its group. */
public enum DriftKind
{
    /** The gateway has no version of the template at all. */
    MISSING,
    /** The gateway has the template, but not the published version. */
    VERSION_MISMATCH,
    /** The gateway has the published version, but with other content. */
    DIGEST_MISMATCH,
    /** Publishing this version to the gateway failed, and it is not there. */
    PUBLICATION_FAILED
}
