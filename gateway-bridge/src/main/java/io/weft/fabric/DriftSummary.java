package io.weft.fabric;

/**
 * The group-wide view of a drift check: its overall state and the counts of gateways and of differences by kind.
 *
 * @param intendedTemplates template versions published to the group
 */
public record DriftSummary(
    DriftState state,
    int intendedTemplates,
    int gateways,
    int inSync,
    int drifted,
    int unknown,
    int missing,
    int versionMismatches,
    int digestMismatches,
    int publicationFailures)
{
}
