package io.weft.transport.executor;

import io.aeron.Publication;

/**
 * The executor's current link to a node: the publication every {@link NodePublisher} offers on, and the
 * endpoint it leads to. Held in one place so that switching node (a redirect, or a lost node) moves every sender
 * at once, including workers retrying a job's callback, which pick up the new publication on their next attempt.
 * <p>
 * Only the client's agent switches; any thread reads. Publication and endpoint change together in one immutable
 * target, so a reader never sees one node's endpoint with another's publication.
 */
final class NodeLink
{
    private record Target(String endpoint, Publication publication)
    {
    }

    private volatile Target target;

    NodeLink(final String endpoint, final Publication publication)
    {
        this.target = new Target(endpoint, publication);
    }

    Publication publication()
    {
        return target.publication();
    }

    /**
     * @return "host:port" of the node this link leads to.
     */
    String endpoint()
    {
        return target.endpoint();
    }

    /**
     * Point the link at another node. Agent thread only.
     *
     * @return the previous publication, for the caller to close once no new offer can pick it up.
     */
    Publication switchTo(final String endpoint, final Publication publication)
    {
        final Publication previous = target.publication();
        target = new Target(endpoint, publication);
        return previous;
    }
}
