package io.weft.transport;

import io.aeron.Publication;
import io.weft.codecs.RegisterStatus;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends node-to-executor messages to one executor instance over its reply publication. Offers are bounded:
 * back-pressure is reported as {@code false} so the scheduler core can return the work to its frontier instead
 * of stalling. The publication is thread-safe; encoding happens in the caller's own {@link NodeMessageEncoder}.
 */
final class ExecutorPublisher
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPublisher.class);

    /** Enough to ride out a momentary full window or a term rotation, short enough to never stall the core. */
    static final int MAX_OFFER_ATTEMPTS = 5;

    private final long instanceId;
    private final String channel;
    private final Publication publication;

    ExecutorPublisher(final long instanceId, final String channel, final Publication publication)
    {
        this.instanceId = instanceId;
        this.channel = channel;
        this.publication = publication;
    }

    long instanceId()
    {
        return instanceId;
    }

    String channel()
    {
        return channel;
    }

    Publication publication()
    {
        return publication;
    }

    boolean isConnected()
    {
        return publication.isConnected();
    }

    boolean registerAck(
        final NodeMessageEncoder encoder,
        final RegisterStatus status,
        final int leaseTimeoutMs,
        final String nodeId,
        final String reason,
        final String clusterEndpoints)
    {
        final int length = encoder.encodeRegisterAck(
            instanceId, status, leaseTimeoutMs, nodeId, reason, clusterEndpoints);
        return offer(encoder.buffer(), length);
    }

    boolean dispatch(
        final NodeMessageEncoder encoder,
        final long dagId,
        final int jobIndex,
        final int attempt,
        final long fencingToken,
        final long deadlineEpochMs,
        final String executorClass,
        final String jobId,
        final byte[] payload)
    {
        // Checked before encoding so an oversized payload never grows the encode buffer.
        if (payload.length > publication.maxMessageLength())
        {
            LOG.warn("Dispatch for instance {} dag {} job {} refused: payload of {} bytes exceeds {} bytes",
                instanceId, dagId, jobIndex, payload.length, publication.maxMessageLength());
            return false;
        }
        final int length = encoder.encodeDispatch(
            dagId, jobIndex, attempt, fencingToken, deadlineEpochMs, executorClass, jobId, payload);
        return offer(encoder.buffer(), length);
    }

    boolean cancel(final NodeMessageEncoder encoder, final long dagId, final int jobIndex, final long fencingToken)
    {
        return offer(encoder.buffer(), encoder.encodeCancel(dagId, jobIndex, fencingToken));
    }

    boolean drain(final NodeMessageEncoder encoder)
    {
        return offer(encoder.buffer(), encoder.encodeDrain(instanceId));
    }

    void close()
    {
        CloseHelper.quietClose(publication);
    }

    private boolean offer(final DirectBuffer buffer, final int length)
    {
        if (length > publication.maxMessageLength())
        {
            LOG.warn("Message of {} bytes to instance {} exceeds max message length {}",
                length, instanceId, publication.maxMessageLength());
            return false;
        }

        for (int attempt = 0; attempt < MAX_OFFER_ATTEMPTS; attempt++)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                // NOT_CONNECTED, CLOSED or MAX_POSITION_EXCEEDED will not clear within a few attempts.
                return false;
            }
            // Give the driver's thread a chance to drain on a machine with few cores.
            Thread.yield();
        }
        return false;
    }
}
