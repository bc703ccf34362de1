package io.weft.transport.executor;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.weft.codecs.CancelDecoder;
import io.weft.codecs.DispatchDecoder;
import io.weft.codecs.DrainDecoder;
import io.weft.codecs.MessageHeaderDecoder;
import io.weft.codecs.RegisterAckDecoder;
import io.weft.codecs.RegisterStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes node-to-executor messages (whole messages, behind a FragmentAssembler) and hands their fields to the
 * {@link ExecutorClientAgent}. As on the node side, each message is decoded from a view bounded to itself and
 * anything malformed is counted and dropped, never thrown into the poll loop.
 */
final class NodeMessageAdapter implements FragmentHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(NodeMessageAdapter.class);
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final byte[] EMPTY = new byte[0];

    private final ExecutorClientAgent agent;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RegisterAckDecoder registerAckDecoder = new RegisterAckDecoder();
    private final DispatchDecoder dispatchDecoder = new DispatchDecoder();
    private final CancelDecoder cancelDecoder = new CancelDecoder();
    private final DrainDecoder drainDecoder = new DrainDecoder();
    private long rejectedFrames;

    NodeMessageAdapter(final ExecutorClientAgent agent)
    {
        this.agent = agent;
    }

    long rejectedFrames()
    {
        return rejectedFrames;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < HEADER_LENGTH)
        {
            reject("too short", length);
            return;
        }

        message.wrap(buffer, offset, length);
        headerDecoder.wrap(message, 0);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            reject("schema id " + headerDecoder.schemaId(), length);
            return;
        }

        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        try
        {
            switch (templateId)
            {
                case RegisterAckDecoder.TEMPLATE_ID:
                    onRegisterAck(blockLength, version, length);
                    break;
                case DispatchDecoder.TEMPLATE_ID:
                    onDispatch(blockLength, version, length);
                    break;
                case CancelDecoder.TEMPLATE_ID:
                    onCancel(blockLength, version, length);
                    break;
                case DrainDecoder.TEMPLATE_ID:
                    onDrain(blockLength, version, length);
                    break;
                default:
                    reject("unknown template id " + templateId, length);
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            reject(ex.toString(), length);
        }
    }

    private void onRegisterAck(final int blockLength, final int version, final int length)
    {
        if (!blockFits(blockLength, RegisterAckDecoder.BLOCK_LENGTH, length))
        {
            reject("RegisterAck block too short", length);
            return;
        }
        final RegisterAckDecoder decoder = registerAckDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        final long instanceId = decoder.instanceId();
        final RegisterStatus status = decoder.status();
        final int leaseTimeoutMs = decoder.leaseTimeoutMs();
        checkVarLength(decoder.nodeIdLength(), length);
        final String nodeId = decoder.nodeId();
        checkVarLength(decoder.reasonLength(), length);
        final String reason = decoder.reason();
        // Empty from a version 1 node, which does not send the field.
        checkVarLength(decoder.clusterEndpointsLength(), length);
        final String clusterEndpoints = decoder.clusterEndpoints();
        if (decoder.limit() > length)
        {
            reject("RegisterAck overruns its frame", length);
            return;
        }
        agent.onRegisterAck(instanceId, status, leaseTimeoutMs, nodeId, reason, clusterEndpoints);
    }

    private void onDispatch(final int blockLength, final int version, final int length)
    {
        if (!blockFits(blockLength, DispatchDecoder.BLOCK_LENGTH, length))
        {
            reject("Dispatch block too short", length);
            return;
        }
        final DispatchDecoder decoder = dispatchDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        final long dagId = decoder.dagId();
        final int jobIndex = decoder.jobIndex();
        final int attempt = decoder.attempt();
        final long fencingToken = decoder.fencingToken();
        final long deadlineEpochMs = decoder.deadlineEpochMs();
        checkVarLength(decoder.executorClassLength(), length);
        final String executorClass = decoder.executorClass();
        checkVarLength(decoder.jobIdLength(), length);
        final String jobId = decoder.jobId();
        final int payloadLength = decoder.payloadLength();
        if (payloadLength < 0 || payloadLength > length)
        {
            // Checked before allocating, so a lying length cannot ask for a huge array.
            reject("Dispatch payload length " + payloadLength, length);
            return;
        }
        final byte[] payload = payloadLength == 0 ? EMPTY : new byte[payloadLength];
        decoder.getPayload(payload, 0, payloadLength);
        if (decoder.limit() > length)
        {
            reject("Dispatch overruns its frame", length);
            return;
        }
        agent.onDispatch(dagId, jobIndex, attempt, fencingToken, deadlineEpochMs, executorClass, jobId, payload);
    }

    private void onCancel(final int blockLength, final int version, final int length)
    {
        if (!blockFits(blockLength, CancelDecoder.BLOCK_LENGTH, length))
        {
            reject("Cancel block too short", length);
            return;
        }
        final CancelDecoder decoder = cancelDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        agent.onCancel(decoder.dagId(), decoder.jobIndex(), decoder.fencingToken());
    }

    private void onDrain(final int blockLength, final int version, final int length)
    {
        if (!blockFits(blockLength, DrainDecoder.BLOCK_LENGTH, length))
        {
            reject("Drain block too short", length);
            return;
        }
        agent.onDrain(drainDecoder.wrap(message, HEADER_LENGTH, blockLength, version).instanceId());
    }

    private static boolean blockFits(final int blockLength, final int expectedBlockLength, final int length)
    {
        return blockLength >= expectedBlockLength && HEADER_LENGTH + blockLength <= length;
    }

    /**
     * Var-data lengths are checked before the generated accessor allocates an array of that size, so a lying
     * length cannot trigger a huge allocation.
     */
    private static void checkVarLength(final int varLength, final int frameLength)
    {
        if (varLength < 0 || varLength > frameLength)
        {
            throw new IllegalArgumentException("var data length " + varLength + " in a frame of " + frameLength);
        }
    }

    private void reject(final String reason, final int length)
    {
        rejectedFrames++;
        if (rejectedFrames <= 10)
        {
            LOG.warn("Rejected frame of {} bytes from the node: {}", length, reason);
        }
        else
        {
            LOG.debug("Rejected frame of {} bytes from the node: {}", length, reason);
        }
    }
}
