package io.weft.scheduler.api;

import java.util.List;
import java.util.Map;

/**
 * The cluster as one node sees it: who owns the scheduler under which epoch, the members, and this node's own
 * ownership history and fencing counts (what it tried after losing ownership and was refused).
 */
public record ClusterView(
    String nodeId,
    boolean owner,
    String ownerNodeId,
    String ownerUrl,
    long ownerEpoch,
    List<String> nodes,
    int gridMembers,
    Map<String, Long> counters)
{
    public static ClusterView lone(final String nodeId)
    {
        return new ClusterView(nodeId, true, nodeId, null, 1, List.of(nodeId), 1, Map.of());
    }
}
