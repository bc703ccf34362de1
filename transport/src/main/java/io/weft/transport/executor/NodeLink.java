package io.weft.transport.executor;

import io.aeron.Publication;

/**
 * The executor's current link to a node: the publication every {@link NodePublisher} offers on, and the
 * endpoint it leads to. Held in one place so that switching node (a redirect, or a lost node) moves every sender
 * at once, including workers retrying a job's callback, which pick up the new publication on their next attempt.
 * <p>
 * Only the client's agent switches; any thread reads. Publication and endpoint change together in one immutable
 * target, so a reader never sees one node's endpoint with another's publication.
 * <p>
 * Each target has a generation, raised by every switch and by {@link #renew()} when the link is lost without
 * switching: a callback sent on an older generation may have gone to a node that never took it, so it is replayed
 * once the executor is accepted on the current one (see {@link RecentCallbacks}).
 */
final class NodeLink
{
    /** Where offers go now; generation counts switches and losses of the link, from 0. */
    record Target(String endpoint, Publication publication, long generation)
    {
    }

    private volatile Target target;

    NodeLink(final String endpoint, final Publication publication)
    {
        this.target = new Target(endpoint, publication, 0);
    }

    /**
     * @return the endpoint, publication and generation, read together.
     */
    Target target()
    {
        return target;
    }

    long generation()
    {
        return target.generation();
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
        final Target previous = target;
        target = new Target(endpoint, publication, previous.generation() + 1);
        return previous.publication();
    }

    /**
     * Start a new generation on the same node and publication: the link was lost, so what was sent on it before
     * may not have arrived. Agent thread only.
     */
    void renew()
    {
        final Target current = target;
        target = new Target(current.endpoint(), current.publication(), current.generation() + 1);
    }
}
