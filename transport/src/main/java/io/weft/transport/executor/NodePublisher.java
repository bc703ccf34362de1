package io.weft.transport.executor;

import io.aeron.Publication;
import io.weft.codecs.BooleanType;
import io.weft.codecs.FailedEncoder;
import io.weft.codecs.HeartbeatEncoder;
import io.weft.codecs.MessageHeaderEncoder;
import io.weft.codecs.RegisterEncoder;
import io.weft.codecs.StartedEncoder;
import io.weft.codecs.SucceededEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Encodes executor-to-node messages and offers them on the (thread-safe) publication of the current
 * {@link NodeLink}. One instance per sending thread, since it owns an encode buffer and flyweights.
 * <p>
 * Two offer disciplines: Register and Heartbeat are periodic, so a bounded attempt that gives up is harmless;
 * job callbacks (Started, Succeeded, Failed) are the only record of a job's outcome, so they are retried until
 * they are sent or the client is closed. Every attempt reads the link afresh, so a callback held up by a lost
 * node goes out to the node the executor switched to.
 * <p>
 * Sent does not mean received: a Succeeded or Failed offered just before the executor notices that its node died
 * is lost with the node. Those are kept in {@link RecentCallbacks} with the link generation they went out on, and
 * the agent replays them with {@link #replay} once a node accepts the executor on a newer one.
 */
final class NodePublisher
{
    private static final Logger LOG = LoggerFactory.getLogger(NodePublisher.class);
    private static final int MAX_BOUNDED_ATTEMPTS = 3;
    private static final long STALL_WARNING_NS = TimeUnit.SECONDS.toNanos(5);

    /** Keeps a Failed well under the max message length whatever the handler's exception says. */
    static final int MAX_ERROR_CHARS = 8192;

    /** Header, fixed block and var-data length of a Succeeded, for sizing results. */
    private static final int SUCCEEDED_OVERHEAD_BYTES =
        MessageHeaderEncoder.ENCODED_LENGTH + SucceededEncoder.BLOCK_LENGTH + SucceededEncoder.resultHeaderLength();

    private final NodeLink link;
    private final BooleanSupplier isClosed;
    private final RecentCallbacks recentCallbacks;
    private final NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private final IdleStrategy retryIdleStrategy = new BackoffIdleStrategy(
        10, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RegisterEncoder registerEncoder = new RegisterEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final StartedEncoder startedEncoder = new StartedEncoder();
    private final SucceededEncoder succeededEncoder = new SucceededEncoder();
    private final FailedEncoder failedEncoder = new FailedEncoder();

    /** Generation of the link the last callback went out on. */
    private long sentOnGeneration;

    /**
     * @param recentCallbacks where sent Succeeded and Failed callbacks are kept for replay.
     */
    NodePublisher(final NodeLink link, final BooleanSupplier isClosed, final RecentCallbacks recentCallbacks)
    {
        this.link = link;
        this.isClosed = isClosed;
        this.recentCallbacks = recentCallbacks;
    }

    /**
     * @return the largest result a Succeeded can carry; every link uses the same term length.
     */
    int maxResultLength()
    {
        return link.publication().maxMessageLength() - SUCCEEDED_OVERHEAD_BYTES;
    }

    boolean isConnected()
    {
        return link.publication().isConnected();
    }

    boolean register(
        final long instanceId,
        final int heartbeatIntervalMs,
        final Map<String, Integer> slotsByClass,
        final String deploymentName,
        final String owner,
        final String version,
        final String capabilities,
        final String replyChannel,
        final String credential,
        final ExecutorDeclaration declared)
    {
        registerEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instanceId(instanceId)
            .heartbeatIntervalMs(heartbeatIntervalMs)
            .epoch(declared.epoch());
        final RegisterEncoder.SlotsEncoder slots = registerEncoder.slotsCount(slotsByClass.size());
        for (final Map.Entry<String, Integer> entry : slotsByClass.entrySet())
        {
            slots.next().slotCount(entry.getValue()).executorClass(entry.getKey());
        }
        registerEncoder
            .deploymentName(deploymentName)
            .owner(owner)
            .version(version)
            .capabilities(capabilities)
            .replyChannel(replyChannel)
            .credential(credential)
            .endpoints(declared.endpoints())
            .resources(declared.resources())
            .configuration(declared.configuration());
        return offerBounded(MessageHeaderEncoder.ENCODED_LENGTH + registerEncoder.encodedLength());
    }

    /**
     * Heartbeat listing {@code leases[fromIndex, toIndex)}.
     */
    boolean heartbeat(
        final long instanceId,
        final long sentAtEpochMs,
        final List<JobLease> leases,
        final int fromIndex,
        final int toIndex)
    {
        heartbeatEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instanceId(instanceId)
            .sentAtEpochMs(sentAtEpochMs);
        final HeartbeatEncoder.LeasesEncoder leasesEncoder = heartbeatEncoder.leasesCount(toIndex - fromIndex);
        for (int i = fromIndex; i < toIndex; i++)
        {
            final JobLease lease = leases.get(i);
            leasesEncoder.next()
                .dagId(lease.dagId())
                .jobIndex(lease.jobIndex())
                .fencingToken(lease.fencingToken());
        }
        return offerBounded(MessageHeaderEncoder.ENCODED_LENGTH + heartbeatEncoder.encodedLength());
    }

    boolean started(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long startedAtEpochMs)
    {
        startedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instanceId(instanceId)
            .dagId(dagId)
            .jobIndex(jobIndex)
            .fencingToken(fencingToken)
            .startedAtEpochMs(startedAtEpochMs);
        return offerUntilSentOrClosed(MessageHeaderEncoder.ENCODED_LENGTH + startedEncoder.encodedLength());
    }

    boolean succeeded(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtEpochMs,
        final byte[] result)
    {
        succeededEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instanceId(instanceId)
            .dagId(dagId)
            .jobIndex(jobIndex)
            .fencingToken(fencingToken)
            .finishedAtEpochMs(finishedAtEpochMs)
            .putResult(result, 0, result.length);
        if (!offerUntilSentOrClosed(MessageHeaderEncoder.ENCODED_LENGTH + succeededEncoder.encodedLength()))
        {
            return false;
        }
        if (recentCallbacks.isEnabled())
        {
            recentCallbacks.record(RecentCallbacks.Entry.succeeded(
                dagId, jobIndex, fencingToken, finishedAtEpochMs, result, sentOnGeneration, nanoClock.nanoTime()));
        }
        return true;
    }

    boolean failed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtEpochMs,
        final boolean retryable,
        final String error)
    {
        final String text = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
        if (!offerUntilSentOrClosed(
            encodeFailed(instanceId, dagId, jobIndex, fencingToken, finishedAtEpochMs, retryable, text)))
        {
            return false;
        }
        if (recentCallbacks.isEnabled())
        {
            recentCallbacks.record(RecentCallbacks.Entry.failed(
                dagId, jobIndex, fencingToken, finishedAtEpochMs, retryable, text, sentOnGeneration,
                nanoClock.nanoTime()));
        }
        return true;
    }

    /**
     * Offer a kept callback again, once and without waiting, on the current link. Agent thread only.
     *
     * @return the publication's answer: positive when sent; {@link Publication#BACK_PRESSURED},
     * {@link Publication#NOT_CONNECTED} or {@link Publication#ADMIN_ACTION} to try again later.
     */
    long replay(final long instanceId, final RecentCallbacks.Entry entry)
    {
        final int length;
        if (RecentCallbacks.Kind.SUCCEEDED == entry.kind())
        {
            final byte[] result = entry.result();
            succeededEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instanceId(instanceId)
                .dagId(entry.dagId())
                .jobIndex(entry.jobIndex())
                .fencingToken(entry.fencingToken())
                .finishedAtEpochMs(entry.finishedAtEpochMs())
                .putResult(result, 0, result.length);
            length = MessageHeaderEncoder.ENCODED_LENGTH + succeededEncoder.encodedLength();
        }
        else
        {
            length = encodeFailed(
                instanceId,
                entry.dagId(),
                entry.jobIndex(),
                entry.fencingToken(),
                entry.finishedAtEpochMs(),
                entry.retryable(),
                entry.error());
        }
        return link.publication().offer(buffer, 0, length);
    }

    private int encodeFailed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtEpochMs,
        final boolean retryable,
        final String text)
    {
        failedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instanceId(instanceId)
            .dagId(dagId)
            .jobIndex(jobIndex)
            .fencingToken(fencingToken)
            .finishedAtEpochMs(finishedAtEpochMs)
            .retryable(retryable ? BooleanType.TRUE : BooleanType.FALSE)
            .errorText(text);
        return MessageHeaderEncoder.ENCODED_LENGTH + failedEncoder.encodedLength();
    }

    private boolean offerBounded(final int length)
    {
        final int maxMessageLength = link.publication().maxMessageLength();
        if (length > maxMessageLength)
        {
            LOG.warn("Message of {} bytes exceeds max message length {}", length, maxMessageLength);
            return false;
        }
        for (int attempt = 0; attempt < MAX_BOUNDED_ATTEMPTS; attempt++)
        {
            final long result = link.publication().offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                return false;
            }
            Thread.yield();
        }
        return false;
    }

    private boolean offerUntilSentOrClosed(final int length)
    {
        final int maxMessageLength = link.publication().maxMessageLength();
        if (length > maxMessageLength)
        {
            LOG.error("Callback of {} bytes exceeds max message length {}; dropped", length, maxMessageLength);
            return false;
        }

        retryIdleStrategy.reset();
        long stallStartNs = 0;
        boolean warned = false;
        while (!isClosed.getAsBoolean())
        {
            final NodeLink.Target target = link.target();
            final Publication publication = target.publication();
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                sentOnGeneration = target.generation();
                if (warned)
                {
                    LOG.info("Callbacks to the node are flowing again");
                }
                return true;
            }
            if (result == Publication.CLOSED && publication != link.publication())
            {
                // The link switched node and closed the publication just offered on: retry on the new one.
                continue;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                LOG.error("Publication to the node can take no more messages ({}); callback dropped", result);
                return false;
            }

            // Not connected (node restarting, or lost and the link not yet switched) or back-pressured: the
            // callback waits, it is never dropped.
            final long nowNs = System.nanoTime();
            if (0 == stallStartNs)
            {
                stallStartNs = nowNs;
            }
            else if (!warned && nowNs - stallStartNs > STALL_WARNING_NS)
            {
                warned = true;
                LOG.warn("Callback to the node held up for over {} ms ({}); still retrying",
                    TimeUnit.NANOSECONDS.toMillis(STALL_WARNING_NS),
                    result == Publication.NOT_CONNECTED ? "not connected" : "back-pressured");
            }
            retryIdleStrategy.idle();
        }
        return false;
    }
}
