package io.weft.node.cluster;

import io.weft.scheduler.port.OwnerMessage;
import io.weft.transport.PeerLinkAgent;
import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox's ordering and loss rules against a scripted link; the real link is in GridOwnerPeersTest. */
class PeerOutboxTest
{
    private final IntArrayList lost = new IntArrayList();
    private final PeerOutbox outbox = new PeerOutbox(lost::addInt);
    /** Results the link gives next; SENT once empty. */
    private final ArrayDeque<Integer> script = new ArrayDeque<>();
    private final List<Long> delivered = new ArrayList<>();
    private final PeerOutbox.Link link = (endpoint, message) -> {
        final int result = script.isEmpty() ? PeerLinkAgent.SENT : script.poll();
        if (result == PeerLinkAgent.SENT)
        {
            delivered.add(message.dagId);
        }
        return result;
    };

    @Test
    void aRefusedMessageAndEverythingAfterItGoOutInOrderOnceThePeerReads()
    {
        outbox.send(2, "b", link, message(1));
        script.add(PeerLinkAgent.BACK_PRESSURED);
        outbox.send(2, "b", link, message(2));
        script.add(PeerLinkAgent.BACK_PRESSURED);
        outbox.send(2, "b", link, message(3)); // queued behind 2, which is refused again
        outbox.send(3, "c", link, message(100)); // another node is not held up
        assertEquals(List.of(1L, 100L), delivered);
        assertEquals(2, outbox.queued());

        outbox.retry(node -> node == 2 ? "b" : null, link);
        assertEquals(List.of(1L, 100L, 2L, 3L), delivered);
        assertEquals(0, outbox.queued());
        assertEquals(0, lost.size(), "back-pressure is not a loss");
    }

    @Test
    void aBrokenLinkDropsTheQueueAndAMissingEndpointOrAnOverfullQueueIsALoss()
    {
        script.add(PeerLinkAgent.BACK_PRESSURED);
        outbox.send(2, "b", link, message(1));
        script.add(PeerLinkAgent.BACK_PRESSURED);
        outbox.send(2, "b", link, message(2));
        assertEquals(2, outbox.queued());
        script.add(PeerLinkAgent.FAILED);
        outbox.retry(node -> "b", link);
        assertEquals(0, outbox.queued(), "a broken link's queue goes; the link reports that loss itself");
        assertEquals(0, lost.size());
        assertEquals(List.of(), delivered);

        script.add(PeerLinkAgent.BACK_PRESSURED);
        outbox.send(2, "b", link, message(3));
        outbox.retry(node -> null, link);
        assertEquals(0, outbox.queued());
        assertEquals(2, lost.getInt(0), "a node with no endpoint any more is lost");

        lost.clear();
        script.add(PeerLinkAgent.BACK_PRESSURED);
        outbox.send(4, "d", link, message(0));
        for (int i = 1; i < PeerOutbox.MAX_QUEUED; i++)
        {
            script.add(PeerLinkAgent.BACK_PRESSURED);
            outbox.send(4, "d", link, message(i));
        }
        assertEquals(PeerOutbox.MAX_QUEUED, outbox.queued());
        assertEquals(0, lost.size());
        outbox.send(4, "d", link, message(-1));
        assertEquals(0, outbox.queued(), "past the cap the queue goes");
        assertTrue(lost.containsInt(4), "and the node is reported lost, so the resync resends what is true");
    }

    private static OwnerMessage message(final long dagId)
    {
        return new OwnerMessage(OwnerMessage.JOB_READY, dagId, 0);
    }
}
