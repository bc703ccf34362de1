package io.weft.transport;

import io.weft.codecs.BooleanType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that stops reading back-pressures its sender, and that is not a loss: the sender keeps the refused message,
 * offers it again once the peer reads, and the peer gets every message once and in order. Real media drivers and
 * UDP on loopback; the receiving node's link is held up by its own listener.
 */
class PeerLinkBackPressureTest
{
    private final CountDownLatch reading = new CountDownLatch(1);
    private final List<Long> atB = new CopyOnWriteArrayList<>();
    private EmbeddedMediaDriver driverA;
    private EmbeddedMediaDriver driverB;
    private PeerLinkAgent a;
    private PeerLinkAgent b;

    @AfterEach
    void stop()
    {
        reading.countDown();
        a.close();
        b.close();
        driverA.close();
        driverB.close();
    }

    @Test
    void aPeerThatStopsReadingBackPressuresWithoutLosingAMessage()
    {
        driverA = EmbeddedMediaDriver.launch();
        driverB = EmbeddedMediaDriver.launch();
        a = PeerLinkAgent.start(driverA.aeron(), "127.0.0.1:0", "a", m -> { });
        b = PeerLinkAgent.start(driverB.aeron(), "127.0.0.1:0", "b", m -> {
            try
            {
                reading.await(); // the peer's thread is stuck: it polls nothing more until released
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            atB.add(m.dagId());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> a.connected(b.endpoint()));
        a.lostMessages();

        long next = 0;
        int result = PeerLinkAgent.SENT;
        while (result == PeerLinkAgent.SENT && next < 10_000_000)
        {
            result = a.trySend(b.endpoint(), fill(next));
            if (result == PeerLinkAgent.SENT)
            {
                next++;
            }
        }
        assertEquals(PeerLinkAgent.BACK_PRESSURED, result, "the sender ran into the slow peer's window after " + next + " messages");
        assertTrue(a.backPressured() > 0);
        assertFalse(a.lostMessages(), "back-pressure is not a loss");

        reading.countDown();
        final long total = next + 100;
        final long[] cursor = {next};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            while (cursor[0] < total && a.trySend(b.endpoint(), fill(cursor[0])) == PeerLinkAgent.SENT)
            {
                cursor[0]++;
            }
            return cursor[0] == total;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> atB.size() == total);
        for (int i = 0; i < total; i++)
        {
            assertEquals(i, atB.get(i), "every message once, in the order sent");
        }
        assertFalse(a.lostMessages());
    }

    private static java.util.function.Consumer<io.weft.codecs.OwnerProtocolEncoder> fill(final long dagId)
    {
        return m -> m.kind((short)1).senderNode(1).dagId(dagId).jobIndex(0).requestId(0).fencingToken(1).attempt(1)
            .instanceId(0).timeEpochMs(0).endedToken(0).endedInstanceId(0).version(0).retryable(BooleanType.FALSE)
            .submittedAtEpochMs(0).senderEpoch(1).text("").putResult(new byte[0], 0, 0);
    }
}
