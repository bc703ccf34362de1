package io.weft.node.cluster;

/** Where one node is reached: its REST base URL for people and forwarded calls, its UDP endpoint for executors. */
public record NodeAddress(String nodeId, String restBaseUrl, String executorEndpoint)
{
    String encode()
    {
        return nodeId + "|" + restBaseUrl + "|" + executorEndpoint;
    }

    static NodeAddress decode(final String text)
    {
        final String[] parts = text.split("\\|", 3);
        return parts.length == 3 ? new NodeAddress(parts[0], parts[1], parts[2]) : null;
    }
}
