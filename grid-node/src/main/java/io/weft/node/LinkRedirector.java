package io.weft.node;

import io.weft.node.cluster.ExecutorRedirector;
import io.weft.transport.ExecutorLinkAgent;

import java.util.List;
import java.util.Map;

/** The ownership agent's way to the executors linked to this node, through the Aeron link. */
final class LinkRedirector implements ExecutorRedirector
{
    private final ExecutorLinkAgent link;

    LinkRedirector(final ExecutorLinkAgent link)
    {
        this.link = link;
    }

    @Override
    public void redirectAll(final String executorEndpoint)
    {
        link.redirectAll(executorEndpoint);
    }

    @Override
    public void invite(final Map<Long, String> replyChannelsByInstance, final String executorEndpoint)
    {
        link.inviteExecutors(replyChannelsByInstance, executorEndpoint);
    }

    @Override
    public void clusterEndpoints(final List<String> executorEndpoints)
    {
        link.clusterEndpoints(executorEndpoints);
    }
}
