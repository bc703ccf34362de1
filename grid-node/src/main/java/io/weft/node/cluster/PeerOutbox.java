package io.weft.node.cluster;

import io.weft.scheduler.port.OwnerMessage;
import io.weft.transport.PeerLinkAgent;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * What a back-pressured peer could not take yet, per node, in the order it was sent: anything new for that node
 * queues behind it, and every batch end offers the queues again. A slower peer is not a lost one; treating it as
 * lost made the core resend every ready job to every peer, which back-pressured again. A queue is dropped when its
 * link breaks (the link itself reports that loss), and dropped with its node reported lost when it passes
 * {@link #MAX_QUEUED} messages or the node has no endpoint any more; the resync that follows a loss resends what is
 * true then. Core thread only.
 */
final class PeerOutbox
{
    private static final Logger LOG = LoggerFactory.getLogger(PeerOutbox.class);
    /** Beyond this many queued messages for one node, it counts as lost. */
    static final int MAX_QUEUED = 1 << 20;

    /** Offers one message to a node's link: {@link PeerLinkAgent#SENT}, {@code BACK_PRESSURED} or {@code FAILED}. */
    @FunctionalInterface
    interface Link
    {
        int offer(String endpoint, OwnerMessage message);
    }

    private final Int2ObjectHashMap<ArrayDeque<OwnerMessage>> queues = new Int2ObjectHashMap<>();
    private final IntConsumer lost;

    /** {@code lost} hears of each node whose messages were dropped. */
    PeerOutbox(final IntConsumer lost)
    {
        this.lost = lost;
    }

    /** Sends now, or queues behind what the node has not taken yet. */
    void send(final int node, final String endpoint, final Link link, final OwnerMessage message)
    {
        final ArrayDeque<OwnerMessage> queued = queues.get(node);
        if (queued != null && !queued.isEmpty())
        {
            if (queued.size() >= MAX_QUEUED)
            {
                LOG.warn("peer node {} took none of the last {} messages; resending what is true instead", node, queued.size());
                queues.remove(node);
                lost.accept(node);
                return;
            }
            queued.add(message);
            drain(endpoint, link, queued);
            return;
        }
        if (link.offer(endpoint, message) == PeerLinkAgent.BACK_PRESSURED)
        {
            queues.computeIfAbsent(node, n -> new ArrayDeque<>()).add(message);
        }
    }

    /** Offers every queue again, in order, until each is empty or refused; a node with no endpoint now is lost. */
    void retry(final IntFunction<String> endpoints, final Link link)
    {
        if (queues.isEmpty())
        {
            return;
        }
        final Int2ObjectHashMap<ArrayDeque<OwnerMessage>>.EntryIterator entries = queues.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            final int node = entries.getIntKey();
            final ArrayDeque<OwnerMessage> queued = entries.getValue();
            final String endpoint = endpoints.apply(node);
            if (endpoint == null)
            {
                entries.remove();
                lost.accept(node);
                continue;
            }
            drain(endpoint, link, queued);
            if (queued.isEmpty())
            {
                entries.remove();
            }
        }
    }

    /** A resync with {@code node} replaces what was queued for it. */
    void drop(final int node)
    {
        queues.remove(node);
    }

    void dropAll()
    {
        queues.clear();
    }

    int queued()
    {
        int total = 0;
        for (final ArrayDeque<OwnerMessage> queued : queues.values())
        {
            total += queued.size();
        }
        return total;
    }

    private void drain(final String endpoint, final Link link, final ArrayDeque<OwnerMessage> queued)
    {
        while (!queued.isEmpty())
        {
            final int result = link.offer(endpoint, queued.peekFirst());
            if (result == PeerLinkAgent.BACK_PRESSURED)
            {
                return;
            }
            queued.pollFirst();
            if (result == PeerLinkAgent.FAILED)
            {
                queued.clear(); // the link reports the loss; the resync replaces the rest
                return;
            }
        }
    }
}
