package io.weft.transport;

import io.weft.codecs.CancelEncoder;
import io.weft.codecs.DispatchEncoder;
import io.weft.codecs.DrainEncoder;
import io.weft.codecs.MessageHeaderEncoder;
import io.weft.codecs.RegisterAckEncoder;
import io.weft.codecs.RegisterStatus;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes node-to-executor messages into its own buffer. Not thread-safe: each thread that sends owns one,
 * which is how the agent thread (RegisterAck), the core thread (Dispatch, Cancel, Drain) and whoever hands
 * executors over to a new owner (RegisterAck REDIRECT, under a lock) never share a buffer or a flyweight.
 */
final class NodeMessageEncoder
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RegisterAckEncoder registerAckEncoder = new RegisterAckEncoder();
    private final DispatchEncoder dispatchEncoder = new DispatchEncoder();
    private final CancelEncoder cancelEncoder = new CancelEncoder();
    private final DrainEncoder drainEncoder = new DrainEncoder();

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int encodeRegisterAck(
        final long instanceId,
        final RegisterStatus status,
        final int leaseTimeoutMs,
        final String nodeId,
        final String reason,
        final String clusterEndpoints)
    {
        registerAckEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instanceId(instanceId)
            .status(status)
            .leaseTimeoutMs(leaseTimeoutMs)
            .nodeId(nodeId)
            .reason(reason)
            .clusterEndpoints(clusterEndpoints);
        return MessageHeaderEncoder.ENCODED_LENGTH + registerAckEncoder.encodedLength();
    }

    int encodeDispatch(
        final long dagId,
        final int jobIndex,
        final int attempt,
        final long fencingToken,
        final long deadlineEpochMs,
        final String executorClass,
        final String jobId,
        final byte[] payload)
    {
        dispatchEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .dagId(dagId)
            .jobIndex(jobIndex)
            .attempt(attempt)
            .fencingToken(fencingToken)
            .deadlineEpochMs(deadlineEpochMs)
            .executorClass(executorClass)
            .jobId(jobId);
        dispatchEncoder.putPayload(payload, 0, payload.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + dispatchEncoder.encodedLength();
    }

    int encodeCancel(final long dagId, final int jobIndex, final long fencingToken)
    {
        cancelEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .dagId(dagId)
            .jobIndex(jobIndex)
            .fencingToken(fencingToken);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelEncoder.encodedLength();
    }

    int encodeDrain(final long instanceId)
    {
        drainEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).instanceId(instanceId);
        return MessageHeaderEncoder.ENCODED_LENGTH + drainEncoder.encodedLength();
    }
}
