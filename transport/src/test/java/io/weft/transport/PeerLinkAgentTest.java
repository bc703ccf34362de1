package io.weft.transport;

import io.weft.codecs.BooleanType;
import io.weft.codecs.OwnerProtocolDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes' peer links, each on its own media driver, over UDP on loopback. */
class PeerLinkAgentTest
{
    private record Received(int kind, int sender, long dagId, int job, long token, String text, byte[] result)
    {
    }

    private static EmbeddedMediaDriver driverA;
    private static EmbeddedMediaDriver driverB;
    private static PeerLinkAgent a;
    private static PeerLinkAgent b;
    private static final List<Received> atB = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start()
    {
        driverA = EmbeddedMediaDriver.launch();
        driverB = EmbeddedMediaDriver.launch();
        a = PeerLinkAgent.start(driverA.aeron(), "127.0.0.1:0", "a", m -> { });
        b = PeerLinkAgent.start(driverB.aeron(), "127.0.0.1:0", "b", m -> atB.add(new Received(
            m.kind(), m.senderNode(), m.dagId(), m.jobIndex(), m.fencingToken(), m.text(), result(m))));
    }

    private static byte[] result(final OwnerProtocolDecoder m)
    {
        final byte[] bytes = new byte[m.resultLength()];
        m.getResult(bytes, 0, bytes.length);
        return bytes;
    }

    @AfterAll
    static void stop()
    {
        a.close();
        b.close();
        driverA.close();
        driverB.close();
    }

    @Test
    void messagesArriveInOrderWithTheirFields()
    {
        atB.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.connected(b.endpoint()));
        for (int i = 0; i < 100; i++)
        {
            final int job = i;
            assertEquals(PeerLinkAgent.SENT, a.trySend(b.endpoint(), m -> m.kind((short)(1 + job % 9)).senderNode(3).dagId(1000 + job).jobIndex(job)
                .requestId(7).fencingToken(1L << 40 | job).attempt(1).instanceId(9).timeEpochMs(5).endedToken(0)
                .endedInstanceId(0).version(0).retryable(BooleanType.FALSE).submittedAtEpochMs(4).senderEpoch(2)
                .text(job == 5 ? "boom" : "").putResult(new byte[] {1, 2, (byte)job}, 0, 3)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> atB.size() == 100);
        for (int i = 0; i < 100; i++)
        {
            final Received r = atB.get(i);
            assertEquals(1000 + i, r.dagId(), "in the order sent");
            assertEquals(i, r.job());
            assertEquals(3, r.sender());
            assertEquals(1L << 40 | i, r.token());
            assertArrayEquals(new byte[] {1, 2, (byte)i}, r.result());
        }
        assertEquals("boom", atB.get(5).text());
        assertEquals(100, b.received());
    }

    @Test
    void aMalformedFrameIsCountedAndDropped()
    {
        final long before = b.rejectedFrames();
        final var publication = driverA.aeron().addExclusivePublication(TransportChannels.udpChannel(b.endpoint()), TransportChannels.PEER_STREAM_ID);
        await().atMost(Duration.ofSeconds(10)).until(publication::isConnected);
        final byte[] junk = "not an owner message".getBytes(StandardCharsets.US_ASCII);
        await().atMost(Duration.ofSeconds(5)).until(() -> publication.offer(new org.agrona.concurrent.UnsafeBuffer(junk)) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.rejectedFrames() == before + 1);
        publication.close();
    }

    @Test
    void aSendToANodeThatIsNotThereReportsLostMessages()
    {
        a.lostMessages();
        final int result = a.trySend("127.0.0.1:9", m -> m.kind((short)1).dagId(1));
        assertTrue(result == PeerLinkAgent.FAILED && a.lostMessages(), "an unconnected peer is a loss the scheduler must resync after");
        assertTrue(!a.lostMessages(), "reported once");
    }
}
