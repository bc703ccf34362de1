package io.weft.node.cluster;

/**
 * Where one node is reached: its REST base URL for people and forwarded calls, its UDP endpoint for executors, and
 * its UDP endpoint for the other nodes' schedulers (null from a node that has none).
 */
public record NodeAddress(String nodeId, String restBaseUrl, String executorEndpoint, String peerEndpoint)
{
    public NodeAddress(final String nodeId, final String restBaseUrl, final String executorEndpoint)
    {
        this(nodeId, restBaseUrl, executorEndpoint, null);
    }

    String encode()
    {
        return nodeId + "|" + restBaseUrl + "|" + executorEndpoint + (peerEndpoint == null ? "" : "|" + peerEndpoint);
    }

    static NodeAddress decode(final String text)
    {
        final String[] parts = text.split("\\|", 4);
        if (parts.length == 4)
        {
            return new NodeAddress(parts[0], parts[1], parts[2], parts[3]);
        }
        return parts.length == 3 ? new NodeAddress(parts[0], parts[1], parts[2]) : null;
    }
}
