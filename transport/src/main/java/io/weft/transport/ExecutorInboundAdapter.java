package io.weft.transport;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.weft.codecs.BooleanType;
import io.weft.codecs.FailedDecoder;
import io.weft.codecs.HeartbeatDecoder;
import io.weft.codecs.MessageHeaderDecoder;
import io.weft.codecs.RegisterDecoder;
import io.weft.codecs.StartedDecoder;
import io.weft.codecs.SucceededDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes executor-to-node messages (whole messages, behind a FragmentAssembler) and hands their fields to the
 * {@link ExecutorLinkAgent}. Decoders never leave this class.
 * <p>
 * Input comes from other processes, so it is distrusted: each message is decoded from a view bounded to the
 * message itself, so a lying length field fails a bounds check instead of reading a neighbour's bytes, and any
 * failure is counted as a rejected frame rather than thrown into the poll loop.
 */
final class ExecutorInboundAdapter implements FragmentHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorInboundAdapter.class);
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final ExecutorLinkAgent agent;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RegisterDecoder registerDecoder = new RegisterDecoder();
    private final HeartbeatDecoder heartbeatDecoder = new HeartbeatDecoder();
    private final StartedDecoder startedDecoder = new StartedDecoder();
    private final SucceededDecoder succeededDecoder = new SucceededDecoder();
    private final FailedDecoder failedDecoder = new FailedDecoder();

    ExecutorInboundAdapter(final ExecutorLinkAgent agent)
    {
        this.agent = agent;
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
        final int schemaId = headerDecoder.schemaId();
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            reject("schema id " + schemaId, length);
            return;
        }

        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        try
        {
            switch (templateId)
            {
                case RegisterDecoder.TEMPLATE_ID:
                    onRegister(blockLength, version, length);
                    break;
                case HeartbeatDecoder.TEMPLATE_ID:
                    onHeartbeat(blockLength, version, length);
                    break;
                case StartedDecoder.TEMPLATE_ID:
                    onStarted(blockLength, version, length);
                    break;
                case SucceededDecoder.TEMPLATE_ID:
                    onSucceeded(blockLength, version, length);
                    break;
                case FailedDecoder.TEMPLATE_ID:
                    onFailed(blockLength, version, length);
                    break;
                default:
                    reject("unknown template id " + templateId, length);
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            // Bounds violations from a truncated or lying message end up here.
            reject(ex.toString(), length);
        }
    }

    private void onRegister(final int blockLength, final int version, final int length)
    {
        if (blockLength < RegisterDecoder.BLOCK_LENGTH || HEADER_LENGTH + blockLength > length)
        {
            reject("Register block too short", length);
            return;
        }
        final RegisterDecoder decoder = registerDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        final long instanceId = decoder.instanceId();
        final int heartbeatIntervalMs = decoder.heartbeatIntervalMs();
        final long epoch = decoder.epoch() == RegisterDecoder.epochNullValue() ? 0 : decoder.epoch();
        final Map<String, Integer> slotsByClass = new HashMap<>();
        boolean validSlots = true;
        for (final RegisterDecoder.SlotsDecoder slots : decoder.slots())
        {
            final int slotCount = slots.slotCount();
            checkVarLength(slots.executorClassLength(), length);
            final String executorClass = slots.executorClass();
            validSlots &= slotCount >= 0 && !executorClass.isEmpty();
            slotsByClass.merge(executorClass, slotCount, Integer::sum);
        }
        checkVarLength(decoder.deploymentNameLength(), length);
        final String deploymentName = decoder.deploymentName();
        checkVarLength(decoder.ownerLength(), length);
        final String owner = decoder.owner();
        checkVarLength(decoder.versionLength(), length);
        final String executorVersion = decoder.version();
        checkVarLength(decoder.capabilitiesLength(), length);
        final String capabilities = decoder.capabilities();
        checkVarLength(decoder.replyChannelLength(), length);
        final String replyChannel = decoder.replyChannel();
        checkVarLength(decoder.credentialLength(), length);
        final String credential = decoder.credential();
        checkVarLength(decoder.endpointsLength(), length);
        final String endpoints = decoder.endpoints();
        checkVarLength(decoder.resourcesLength(), length);
        final String resources = decoder.resources();
        checkVarLength(decoder.configurationLength(), length);
        final String configuration = decoder.configuration();
        if (decoder.limit() > length)
        {
            reject("Register overruns its frame", length);
            return;
        }
        if (instanceId == 0 || !validSlots || replyChannel.isEmpty() || heartbeatIntervalMs <= 0)
        {
            reject("Register with invalid fields from instance " + instanceId, length);
            return;
        }

        agent.onRegister(new ExecutorRegistration(
            instanceId,
            deploymentName,
            owner,
            executorVersion,
            parseCapabilities(capabilities),
            slotsByClass,
            replyChannel,
            heartbeatIntervalMs,
            credential,
            new io.weft.transport.executor.ExecutorDeclaration(epoch, endpoints, resources, configuration)));
    }

    private void onHeartbeat(final int blockLength, final int version, final int length)
    {
        if (blockLength < HeartbeatDecoder.BLOCK_LENGTH || HEADER_LENGTH + blockLength > length)
        {
            reject("Heartbeat block too short", length);
            return;
        }
        final HeartbeatDecoder decoder = heartbeatDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        // Walk the whole message first so that a malformed tail is rejected before any lease is reported.
        decoder.sbeSkip();
        if (decoder.limit() > length)
        {
            reject("Heartbeat overruns its frame", length);
            return;
        }
        decoder.sbeRewind();

        final long instanceId = decoder.instanceId();
        final HeartbeatDecoder.LeasesDecoder leases = decoder.leases();
        agent.onHeartbeat(instanceId, decoder.sentAtEpochMs(), leases.count());
        while (leases.hasNext())
        {
            leases.next();
            agent.onHeartbeatLease(instanceId, leases.dagId(), leases.jobIndex(), leases.fencingToken());
        }
    }

    private void onStarted(final int blockLength, final int version, final int length)
    {
        if (blockLength < StartedDecoder.BLOCK_LENGTH || HEADER_LENGTH + blockLength > length)
        {
            reject("Started block too short", length);
            return;
        }
        final StartedDecoder decoder = startedDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        agent.onStarted(
            decoder.instanceId(),
            decoder.dagId(),
            decoder.jobIndex(),
            decoder.fencingToken(),
            decoder.startedAtEpochMs());
    }

    private void onSucceeded(final int blockLength, final int version, final int length)
    {
        if (blockLength < SucceededDecoder.BLOCK_LENGTH || HEADER_LENGTH + blockLength > length)
        {
            reject("Succeeded block too short", length);
            return;
        }
        final SucceededDecoder decoder = succeededDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        final long instanceId = decoder.instanceId();
        final long dagId = decoder.dagId();
        final int jobIndex = decoder.jobIndex();
        final long fencingToken = decoder.fencingToken();
        final long finishedAtEpochMs = decoder.finishedAtEpochMs();
        final int resultLength = decoder.resultLength();
        if (resultLength < 0 || resultLength > length)
        {
            // Checked before allocating, so a lying length cannot ask for a huge array.
            reject("Succeeded result length " + resultLength, length);
            return;
        }
        byte[] result = null;
        if (resultLength > 0)
        {
            result = new byte[resultLength];
            decoder.getResult(result, 0, resultLength);
        }
        else
        {
            decoder.skipResult();
        }
        if (decoder.limit() > length)
        {
            reject("Succeeded overruns its frame", length);
            return;
        }

        agent.onSucceeded(instanceId, dagId, jobIndex, fencingToken, finishedAtEpochMs, result);
    }

    private void onFailed(final int blockLength, final int version, final int length)
    {
        if (blockLength < FailedDecoder.BLOCK_LENGTH || HEADER_LENGTH + blockLength > length)
        {
            reject("Failed block too short", length);
            return;
        }
        final FailedDecoder decoder = failedDecoder.wrap(message, HEADER_LENGTH, blockLength, version);
        final long instanceId = decoder.instanceId();
        final long dagId = decoder.dagId();
        final int jobIndex = decoder.jobIndex();
        final long fencingToken = decoder.fencingToken();
        final long finishedAtEpochMs = decoder.finishedAtEpochMs();
        final boolean retryable = decoder.retryable() == BooleanType.TRUE;
        checkVarLength(decoder.errorTextLength(), length);
        final String error = decoder.errorText();
        if (decoder.limit() > length)
        {
            reject("Failed overruns its frame", length);
            return;
        }

        agent.onFailed(instanceId, dagId, jobIndex, fencingToken, finishedAtEpochMs, retryable, error);
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
        final long count = agent.onRejectedFrame();
        // The first few are worth a warning; a flood of them would only bury the log.
        if (count <= 10)
        {
            LOG.warn("Rejected inbound frame of {} bytes: {} (rejected so far: {})", length, reason, count);
        }
        else
        {
            LOG.debug("Rejected inbound frame of {} bytes: {} (rejected so far: {})", length, reason, count);
        }
    }

    static Set<String> parseCapabilities(final String capabilities)
    {
        final Set<String> result = new LinkedHashSet<>();
        for (final String capability : capabilities.split(","))
        {
            final String trimmed = capability.trim();
            if (!trimmed.isEmpty())
            {
                result.add(trimmed);
            }
        }
        return result;
    }
}
