package io.weft.transport;

import io.aeron.Publication;
import io.weft.codecs.FailedEncoder;
import io.weft.codecs.MessageHeaderEncoder;
import io.weft.codecs.RegisterEncoder;
import io.weft.transport.RecordingListener.Kind;
import io.weft.transport.executor.ExecutorClient;
import io.weft.transport.executor.JobResult;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage on the node's inbound stream is counted and dropped; the agent keeps serving real executors.
 */
class MalformedFrameTest
{
    private final RecordingListener listener = new RecordingListener();
    private EmbeddedMediaDriver nodeDriver;
    private EmbeddedMediaDriver rogueDriver;
    private ExecutorLinkAgent link;
    private Publication rogue;
    private ExecutorClient client;

    @BeforeEach
    void setUp()
    {
        nodeDriver = EmbeddedMediaDriver.launch();
        rogueDriver = EmbeddedMediaDriver.launch();
        link = ExecutorLinkAgent.start(nodeDriver.aeron(), null, "node-rogue", 5_000, listener);
        rogue = rogueDriver.aeron().addPublication(
            TransportChannels.udpChannel(link.nodeEndpoint()), TransportChannels.NODE_STREAM_ID);
        await().until(rogue::isConnected);
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.quietCloseAll(client, rogue, rogueDriver, link, nodeDriver);
    }

    @Test
    void rejectsAndCountsMalformedFramesThenKeepsWorking()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();

        // 1: shorter than a message header.
        offer(buffer, 3);

        // 2: a header from another schema.
        header.wrap(buffer, 0).blockLength(8).templateId(1).schemaId(1234).version(1);
        offer(buffer, MessageHeaderEncoder.ENCODED_LENGTH + 8);

        // 3: right schema, unknown template.
        header.wrap(buffer, 0).blockLength(8).templateId(99).schemaId(MessageHeaderEncoder.SCHEMA_ID).version(1);
        offer(buffer, MessageHeaderEncoder.ENCODED_LENGTH + 8);

        // 4: a Register cut off inside its fixed block.
        header.wrap(buffer, 0)
            .blockLength(RegisterEncoder.BLOCK_LENGTH)
            .templateId(RegisterEncoder.TEMPLATE_ID)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID)
            .version(RegisterEncoder.SCHEMA_VERSION);
        offer(buffer, MessageHeaderEncoder.ENCODED_LENGTH + 4);

        // 5: a Failed whose error text claims to be 2 GiB long.
        final FailedEncoder failed = new FailedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .instanceId(1).dagId(1).jobIndex(0).fencingToken(1).finishedAtEpochMs(1).retryable(
                io.weft.codecs.BooleanType.TRUE);
        final int lengthOffset = MessageHeaderEncoder.ENCODED_LENGTH + failed.encodedLength();
        buffer.putInt(lengthOffset, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        offer(buffer, lengthOffset + 4);

        await().until(() -> link.rejectedFrames() == 5);
        assertTrue(listener.jobEvents.isEmpty());

        client = ExecutorClient.builder()
            .nodeEndpoint(link.nodeEndpoint())
            .instanceId(77)
            .slots("noop", 1)
            .handler(job -> JobResult.success())
            .start();
        await().until(() -> listener.registration(77).isPresent());
        assertTrue(link.sendDispatch(77, 1, 0, 1, 10, 0, "noop", "after-garbage", new byte[0]));
        await().until(() -> listener.job(Kind.SUCCEEDED, 10).isPresent());
        assertEquals(5, link.rejectedFrames());
    }

    private void offer(final UnsafeBuffer buffer, final int length)
    {
        await().until(() -> rogue.offer(buffer, 0, length) > 0);
    }

    private static ConditionFactory await()
    {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
    }
}
