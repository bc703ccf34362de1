package io.weft.fabric;

import java.time.Instant;
import java.util.List;

/**
 * One template version published to a group: part of the group's intended state, with what each gateway answered
 * when it was sent. Publishing the same version again replaces the record with the new outcomes.
 */
public record Publication(
    String groupId,
    String template,
    String version,
    String digest,
    Instant publishedAt,
    Aggregate aggregate,
    List<GatewayOutcome> outcomes)
{
    public Publication
    {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    /** The store key: one record per group, template and version. */
    public static String key(final String groupId, final String template, final String version)
    {
        return groupId + "/" + template + "@" + version;
    }

    public static String keyPrefix(final String groupId)
    {
        return groupId + "/";
    }
}
