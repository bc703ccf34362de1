package io.weft.fabric;

import java.util.List;

/**
 * One difference between a group's intended state and one gateway.
 *
 * @param actualVersions the versions of the template the gateway has, sorted
 * @param actualDigest   the gateway's digest of the expected version, when it has that version
 */
public record DriftItem(
    DriftKind kind,
    String template,
    String expectedVersion,
    String expectedDigest,
    List<String> actualVersions,
    String actualDigest,
    String detail)
{
    public DriftItem
    {
        actualVersions = actualVersions == null ? List.of() : List.copyOf(actualVersions);
    }
}
