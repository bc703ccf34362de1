package io.weft.transport;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.weft.codecs.MessageHeaderDecoder;
import io.weft.codecs.MessageHeaderEncoder;
import io.weft.codecs.OwnerProtocolDecoder;
import io.weft.codecs.OwnerProtocolEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A node's links to the other nodes' schedulers: one subscription on this node's peer endpoint (stream
 * {@value TransportChannels#PEER_STREAM_ID}) that every peer publishes to, and one publication per peer, made on first
 * use. Each peer's stream arrives in order and without loss while its connection lasts; when a connection breaks (a
 * peer's image goes, or an offer finds no subscriber) the link reports lost messages once, and the scheduler resends
 * what is true now (see the core's resync). A peer that is merely slower back-pressures its senders; that loses
 * nothing ({@link #trySend}), and treating it as a loss made a loaded cluster resend every ready job to every peer,
 * which back-pressured again: a resync storm.
 *
 * <p>Threading: the duty cycle polls on the agent's own thread and hands each decoded message to the listener there.
 * {@link #trySend} belongs to one other thread, the scheduler core, and never blocks beyond a few retries of a
 * back-pressured offer. Input from other processes is distrusted: a frame that fails to decode is counted and
 * dropped.
 */
public final class PeerLinkAgent implements Agent, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinkAgent.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int OFFER_ATTEMPTS = 3;
    /**
     * How long the idle link sleeps while the node knows no other node. A lone node's link woken every 100 us costs a
     * tenth of a core on a two-core machine, for nothing; a peer that appears is noticed within the ownership agent's
     * next check, and its first messages wait at most this long.
     */
    private static final long ALONE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Receives each message from a peer, on the agent's thread; the decoder is valid only during the call. */
    @FunctionalInterface
    public interface Listener
    {
        void onOwnerMessage(OwnerProtocolDecoder message);
    }

    private final Aeron aeron;
    private final String nodeId;
    private final Subscription subscription;
    private final String endpoint;
    private final FragmentAssembler assembler;
    private final Listener listener;
    private final Map<String, Publication> publications = new HashMap<>();
    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(512);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OwnerProtocolEncoder encoder = new OwnerProtocolEncoder();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicLong backPressured = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejectedFrames = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private volatile boolean alone;
    private AgentRunner runner;

    private PeerLinkAgent(final Aeron aeron, final String bindEndpoint, final String nodeId, final Listener listener)
    {
        this.aeron = aeron;
        this.nodeId = nodeId;
        this.listener = listener;
        this.assembler = new FragmentAssembler(new Inbound());
        this.subscription = aeron.addSubscription(
            TransportChannels.udpChannel(bindEndpoint), TransportChannels.PEER_STREAM_ID, image -> { }, this::onImageGone);
        try
        {
            this.endpoint = ExecutorLinkAgent.awaitResolvedEndpoint(subscription);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(subscription);
            throw ex;
        }
    }

    /**
     * Subscribes on {@code bindEndpoint} (host:port; port 0 for an ephemeral one, see {@link #endpoint()}) and starts
     * polling on its own thread.
     */
    public static PeerLinkAgent start(final Aeron aeron, final String bindEndpoint, final String nodeId, final Listener listener)
    {
        Objects.requireNonNull(listener, "listener");
        final PeerLinkAgent agent = new PeerLinkAgent(aeron, bindEndpoint, nodeId, listener);
        agent.runner = new AgentRunner(
            agent.new PeerIdleStrategy(),
            throwable -> LOG.error("peer link agent error on node {}", nodeId, throwable),
            null,
            agent);
        AgentRunner.startOnThread(agent.runner);
        return agent;
    }

    /** Whether this node knows no other node: the idle link then sleeps long instead of polling every 100 us. */
    public void alone(final boolean alone)
    {
        this.alone = alone;
    }

    /** host:port where the other nodes reach this one's scheduler. */
    public String endpoint()
    {
        return endpoint;
    }

    @Override
    public String roleName()
    {
        return "weft-peer-link-" + nodeId;
    }

    @Override
    public int doWork()
    {
        return subscription.poll(assembler, FRAGMENT_LIMIT);
    }

    private void onImageGone(final Image image)
    {
        LOG.info("node {} lost its link from peer {}", nodeId, image.sourceIdentity());
        lost.set(true);
    }

    /** {@link #trySend}: the peer's publication took the message. */
    public static final int SENT = 0;
    /** {@link #trySend}: the peer is slower than we are; nothing is lost, offer the same message again later. */
    public static final int BACK_PRESSURED = 1;
    /** {@link #trySend}: not connected or closed; lost messages are reported. */
    public static final int FAILED = 2;

    /**
     * Encodes a message with {@code fill} and offers it to the peer at {@code endpoint}. A back-pressured offer is
     * answered {@link #BACK_PRESSURED} and is not a loss: the caller keeps the message and offers it again, in order.
     * Only a link that is not connected, or closed, reports lost messages ({@link #FAILED}). Core thread only.
     */
    public int trySend(final String endpoint, final Consumer<OwnerProtocolEncoder> fill)
    {
        Publication publication = publications.get(endpoint);
        if (publication == null)
        {
            publication = aeron.addExclusivePublication(TransportChannels.udpChannel(endpoint), TransportChannels.PEER_STREAM_ID);
            publications.put(endpoint, publication);
        }
        encoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder);
        fill.accept(encoder);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        long result = Publication.NOT_CONNECTED;
        for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++)
        {
            result = publication.offer(sendBuffer, 0, length);
            if (result > 0)
            {
                sent.incrementAndGet();
                return SENT;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                break; // not connected (yet, or any more) or closed: retrying now will not help
            }
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            backPressured.incrementAndGet();
            return BACK_PRESSURED;
        }
        failedSends.incrementAndGet();
        lost.set(true);
        return FAILED;
    }

    /** Offers answered {@link #BACK_PRESSURED}. */
    public long backPressured()
    {
        return backPressured.get();
    }

    /** Whether a peer's connection broke or a send failed since the last call. */
    public boolean lostMessages()
    {
        return lost.getAndSet(false);
    }

    /** Whether the publication to {@code endpoint} is connected; makes it if it is not there yet. Core thread only. */
    public boolean connected(final String endpoint)
    {
        Publication publication = publications.get(endpoint);
        if (publication == null)
        {
            publication = aeron.addExclusivePublication(TransportChannels.udpChannel(endpoint), TransportChannels.PEER_STREAM_ID);
            publications.put(endpoint, publication);
        }
        return publication.isConnected();
    }

    public long sent()
    {
        return sent.get();
    }

    public long received()
    {
        return received.get();
    }

    public long rejectedFrames()
    {
        return rejectedFrames.get();
    }

    public long failedSends()
    {
        return failedSends.get();
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(runner);
        publications.values().forEach(CloseHelper::quietClose);
        CloseHelper.quietClose(subscription);
    }

    /** Backs off to a 100 us park between polls, or to a long sleep while the node is {@linkplain #alone alone}. */
    private final class PeerIdleStrategy implements IdleStrategy
    {
        private final BackoffIdleStrategy backoff =
            new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));

        @Override
        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                backoff.reset();
            }
            else
            {
                idle();
            }
        }

        @Override
        public void idle()
        {
            if (alone)
            {
                LockSupport.parkNanos(ALONE_PARK_NS);
            }
            else
            {
                backoff.idle();
            }
        }

        @Override
        public void reset()
        {
            backoff.reset();
        }
    }

    private final class Inbound implements FragmentHandler
    {
        private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OwnerProtocolDecoder decoder = new OwnerProtocolDecoder();

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frameHeader)
        {
            try
            {
                if (length < MessageHeaderDecoder.ENCODED_LENGTH)
                {
                    throw new IllegalArgumentException("too short: " + length);
                }
                message.wrap(buffer, offset, length);
                header.wrap(message, 0);
                if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.templateId() != OwnerProtocolDecoder.TEMPLATE_ID)
                {
                    throw new IllegalArgumentException("schema " + header.schemaId() + " template " + header.templateId());
                }
                decoder.wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                received.incrementAndGet();
                listener.onOwnerMessage(decoder);
            }
            catch (final RuntimeException ex)
            {
                rejectedFrames.incrementAndGet();
                LOG.warn("node {} rejected a malformed frame from a peer ({} bytes): {}", nodeId, length, ex.getMessage());
            }
        }
    }
}
