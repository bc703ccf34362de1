package io.weft.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.weft.codecs.RegisterStatus;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's side of its links to executors: one inbound subscription that every executor publishes to, and one
 * {@link ExecutorPublisher} per registered instance on that instance's reply channel.
 * <p>
 * Threading: the duty cycle (polling, registrations) runs on the agent's own thread and reports to the
 * {@link ExecutorMessageListener} there. The send methods and {@link #forget(long)} belong to one other thread,
 * the scheduler core. {@link #redirectAll(String)} and {@link #clusterEndpoints(List)} may be called from any
 * thread. Each sending thread encodes into its own buffer; the table of publishers is copied on write
 * (registrations are rare) and read without locks, so a dispatch never waits on the agent.
 * <p>
 * In a cluster only the scheduling owner keeps executors: the listener's
 * {@link ExecutorMessageListener#redirectFor} sends registrations elsewhere, and {@link #redirectAll(String)}
 * hands over the executors a node holds when it loses ownership. Messages from an instance that is not (or no
 * longer) registered here still reach the listener, which decides by fencing token what to accept.
 */
public final class ExecutorLinkAgent implements Agent, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorLinkAgent.class);

    static final int FRAGMENT_LIMIT = 32;

    /** How long a registration may wait for its reply publication to connect; the executor resends Register. */
    static final long REGISTRATION_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private static final long RESOLVE_ENDPOINT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final Aeron aeron;
    private final String nodeId;
    private final int leaseTimeoutMs;
    private final ExecutorMessageListener listener;
    private final Subscription subscription;
    private final FragmentAssembler fragmentAssembler;
    private final String nodeEndpoint;
    private final NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private final NodeMessageEncoder agentEncoder = new NodeMessageEncoder();
    private final NodeMessageEncoder coreEncoder = new NodeMessageEncoder();
    private final Object redirectLock = new Object();
    private final NodeMessageEncoder redirectEncoder = new NodeMessageEncoder();
    private final List<PendingRegistration> pendingRegistrations = new ArrayList<>();
    private static final long INVITE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
    private final java.util.Queue<Invite> requestedInvites = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<Invite> invites = new ArrayList<>();
    private final AtomicLong invitesSent = new AtomicLong();
    private final Object publishersWriteLock = new Object();
    private volatile Long2ObjectHashMap<ExecutorPublisher> publishers = new Long2ObjectHashMap<>();
    private final AtomicLong rejectedFrames = new AtomicLong();
    private final AtomicLong redirectsSent = new AtomicLong();
    private final AtomicLong registrationsRefused = new AtomicLong();
    private volatile String clusterEndpoints = "";
    private volatile boolean closed;
    private AgentRunner agentRunner;

    private ExecutorLinkAgent(
        final Aeron aeron,
        final String nodeChannel,
        final String nodeId,
        final int leaseTimeoutMs,
        final ExecutorMessageListener listener)
    {
        this.aeron = aeron;
        this.nodeId = nodeId;
        this.leaseTimeoutMs = leaseTimeoutMs;
        this.listener = listener;
        this.fragmentAssembler = new FragmentAssembler(new ExecutorInboundAdapter(this));
        this.subscription = aeron.addSubscription(nodeChannel, TransportChannels.NODE_STREAM_ID);
        try
        {
            this.nodeEndpoint = awaitResolvedEndpoint(subscription);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(subscription);
            throw ex;
        }
    }

    /**
     * Subscribe on {@code nodeChannel} (stream {@value TransportChannels#NODE_STREAM_ID}) and start the agent on
     * its own thread.
     *
     * @param aeron          client to use; not closed by this agent.
     * @param nodeChannel    inbound channel, e.g. {@link TransportChannels#DEFAULT_NODE_CHANNEL}; null for that
     *                       default.
     * @param nodeId         sent to executors in RegisterAck.
     * @param leaseTimeoutMs sent to executors in RegisterAck.
     * @param listener       receives executor messages on the agent's thread.
     */
    public static ExecutorLinkAgent start(
        final Aeron aeron,
        final String nodeChannel,
        final String nodeId,
        final int leaseTimeoutMs,
        final ExecutorMessageListener listener)
    {
        Objects.requireNonNull(aeron, "aeron");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(listener, "listener");
        if (leaseTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("leaseTimeoutMs must be positive: " + leaseTimeoutMs);
        }

        final ExecutorLinkAgent agent = new ExecutorLinkAgent(
            aeron,
            null == nodeChannel ? TransportChannels.DEFAULT_NODE_CHANNEL : nodeChannel,
            nodeId,
            leaseTimeoutMs,
            listener);
        // The max park bounds the wake-up latency when idle without spinning a core on a small machine.
        final IdleStrategy idleStrategy = new BackoffIdleStrategy(
            100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        agent.agentRunner = new AgentRunner(
            idleStrategy,
            throwable -> LOG.error("Executor link agent error on node {}", nodeId, throwable),
            null,
            agent);
        AgentRunner.startOnThread(agent.agentRunner);
        LOG.info("Executor link for node {} listening on {}", nodeId, agent.nodeEndpoint);
        return agent;
    }

    /**
     * @return "host:port" executors must target; an ephemeral port in the channel is resolved to the bound one.
     */
    public String nodeEndpoint()
    {
        return nodeEndpoint;
    }

    @Override
    public String roleName()
    {
        return "weft-executor-link-" + nodeId;
    }

    @Override
    public int doWork()
    {
        int workCount = subscription.poll(fragmentAssembler, FRAGMENT_LIMIT);
        if (!pendingRegistrations.isEmpty())
        {
            workCount += processPendingRegistrations(nanoClock.nanoTime());
        }
        if (!invites.isEmpty() || !requestedInvites.isEmpty())
        {
            workCount += processInvites(nanoClock.nanoTime());
        }
        return workCount;
    }

    /**
     * Asks executors that are not linked here to register with {@code ownerEndpoint}: a RegisterAck REDIRECT sent
     * straight to each one's reply channel. A node that takes over the scheduler calls this with the executors the
     * previous owner had, so they move at once instead of first noticing that their node died. Any thread; the
     * sends happen on the agent's duty cycle, each given a few seconds for its publication to connect.
     *
     * @param replyChannelsByInstance each executor's reply channel, as it registered it
     */
    public void inviteExecutors(final Map<Long, String> replyChannelsByInstance, final String ownerEndpoint)
    {
        Objects.requireNonNull(ownerEndpoint, "ownerEndpoint");
        replyChannelsByInstance.forEach((instanceId, channel) -> requestedInvites.add(new Invite(instanceId, channel, ownerEndpoint)));
    }

    /** @return invitations (RegisterAck REDIRECT to an executor linked elsewhere) that were sent. */
    public long invitesSent()
    {
        return invitesSent.get();
    }

    private int processInvites(final long nowNs)
    {
        int workCount = 0;
        Invite requested;
        while (null != (requested = requestedInvites.poll()))
        {
            try
            {
                requested.registrationId = aeron.asyncAddPublication(
                    replyChannelWithTermLength(requested.channel), TransportChannels.EXECUTOR_STREAM_ID);
                requested.deadlineNs = nowNs + INVITE_TIMEOUT_NS;
                invites.add(requested);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("Cannot reach executor instance {} on {}", requested.instanceId, requested.channel, ex);
            }
            workCount++;
        }
        for (final Iterator<Invite> it = invites.iterator(); it.hasNext(); )
        {
            final Invite invite = it.next();
            try
            {
                if (null == invite.publisher)
                {
                    final Publication publication = aeron.getPublication(invite.registrationId);
                    if (null != publication)
                    {
                        invite.publisher = new ExecutorPublisher(invite.instanceId, invite.channel, publication);
                    }
                }
                if (null != invite.publisher && invite.publisher.isConnected() && invite.publisher.registerAck(
                    agentEncoder, RegisterStatus.REDIRECT, leaseTimeoutMs, nodeId, invite.ownerEndpoint, clusterEndpoints))
                {
                    invitesSent.incrementAndGet();
                    invite.publisher.close(); // the driver still drains what was offered
                    it.remove();
                    workCount++;
                }
                else if (nowNs - invite.deadlineNs > 0)
                {
                    // Gone, or not listening: it finds the owner by itself when it notices its node is dead.
                    invite.close(aeron);
                    it.remove();
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("Invitation of executor instance {} failed", invite.instanceId, ex);
                invite.close(aeron);
                it.remove();
            }
        }
        return workCount;
    }

    private static final class Invite
    {
        private final long instanceId;
        private final String channel;
        private final String ownerEndpoint;
        private long registrationId = Aeron.NULL_VALUE;
        private long deadlineNs;
        private ExecutorPublisher publisher;

        Invite(final long instanceId, final String channel, final String ownerEndpoint)
        {
            this.instanceId = instanceId;
            this.channel = channel;
            this.ownerEndpoint = ownerEndpoint;
        }

        void close(final Aeron aeron)
        {
            if (null != publisher)
            {
                publisher.close();
            }
            else if (Aeron.NULL_VALUE != registrationId)
            {
                try
                {
                    aeron.asyncRemovePublication(registrationId);
                }
                catch (final RuntimeException ignore)
                {
                    // closing anyway
                }
            }
        }
    }

    @Override
    public void onClose()
    {
        closed = true;
        for (final PendingRegistration pending : pendingRegistrations)
        {
            pending.abandon();
        }
        pendingRegistrations.clear();
        synchronized (publishersWriteLock)
        {
            publishers.values().forEach(ExecutorPublisher::close);
            publishers = new Long2ObjectHashMap<>();
        }
        CloseHelper.quietClose(subscription);
    }

    /**
     * Offer a Dispatch to the instance. Scheduler-core thread only.
     *
     * @return false on back-pressure, when not connected, for an unknown instance or an oversized payload; the
     * caller keeps the work.
     */
    public boolean sendDispatch(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final int attempt,
        final long fencingToken,
        final long deadlineEpochMs,
        final String executorClass,
        final String jobId,
        final byte[] payload)
    {
        final ExecutorPublisher publisher = publishers.get(instanceId);
        return null != publisher && publisher.dispatch(
            coreEncoder,
            dagId,
            jobIndex,
            attempt,
            fencingToken,
            deadlineEpochMs,
            executorClass,
            jobId,
            null == payload ? EMPTY_PAYLOAD : payload);
    }

    /**
     * Offer a Cancel for the job's lease. Scheduler-core thread only.
     */
    public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        final ExecutorPublisher publisher = publishers.get(instanceId);
        return null != publisher && publisher.cancel(coreEncoder, dagId, jobIndex, fencingToken);
    }

    /**
     * Ask the instance to finish its running jobs and accept no new ones. Scheduler-core thread only.
     */
    public boolean sendDrain(final long instanceId)
    {
        final ExecutorPublisher publisher = publishers.get(instanceId);
        return null != publisher && publisher.drain(coreEncoder);
    }

    /**
     * Drop the instance (declared lost) and close its publication. A later Register brings it back.
     */
    public void forget(final long instanceId)
    {
        final ExecutorPublisher removed;
        synchronized (publishersWriteLock)
        {
            if (!publishers.containsKey(instanceId))
            {
                return;
            }
            final Long2ObjectHashMap<ExecutorPublisher> copy = new Long2ObjectHashMap<>(publishers);
            removed = copy.remove(instanceId);
            publishers = copy;
        }
        removed.close();
        LOG.info("Forgot executor instance {}", instanceId);
    }

    /**
     * Set the executor endpoints ("host:port") of every node in the cluster, this one included; each RegisterAck
     * carries them so executors know where to turn when their node is lost. Any thread.
     */
    public void clusterEndpoints(final List<String> endpoints)
    {
        Objects.requireNonNull(endpoints, "endpoints");
        for (final String endpoint : endpoints)
        {
            if (null == endpoint || endpoint.isBlank() || endpoint.indexOf(',') >= 0)
            {
                throw new IllegalArgumentException("not a host:port endpoint: " + endpoint);
            }
        }
        clusterEndpoints = String.join(",", endpoints);
    }

    /**
     * Send every registered instance to {@code ownerEndpoint} (RegisterAck REDIRECT) and forget them, for a node
     * that lost scheduling ownership. Their running jobs carry on; the instances register with the owner, which
     * adopts their leases from their heartbeats. Call once the listener's
     * {@link ExecutorMessageListener#redirectFor} answers with the same owner, so a registration racing with this
     * is redirected too. Any thread.
     *
     * @param ownerEndpoint the owner's executor endpoint, "host:port".
     * @return the number of instances redirected.
     */
    public int redirectAll(final String ownerEndpoint)
    {
        Objects.requireNonNull(ownerEndpoint, "ownerEndpoint");
        synchronized (redirectLock)
        {
            final Long2ObjectHashMap<ExecutorPublisher> redirected;
            synchronized (publishersWriteLock)
            {
                redirected = publishers;
                publishers = new Long2ObjectHashMap<>();
            }

            int count = 0;
            final String endpoints = clusterEndpoints;
            for (final Map.Entry<Long, ExecutorPublisher> entry : redirected.entrySet())
            {
                final ExecutorPublisher publisher = entry.getValue();
                if (publisher.registerAck(
                    redirectEncoder, RegisterStatus.REDIRECT, leaseTimeoutMs, nodeId, ownerEndpoint, endpoints))
                {
                    count++;
                    redirectsSent.incrementAndGet();
                }
                else
                {
                    // It still finds the owner: the closed link makes it register again, and that is redirected.
                    LOG.warn("Could not send the redirect to executor instance {}", entry.getKey());
                }
                // Data offered before the close is still delivered: the driver drains a closed publication.
                publisher.close();
            }
            if (!redirected.isEmpty())
            {
                LOG.info("Node {} redirected {} of {} executor instances to {}",
                    nodeId, count, redirected.size(), ownerEndpoint);
            }
            return count;
        }
    }

    /**
     * @return RegisterAck REDIRECTs sent, by registrations and by {@link #redirectAll(String)}.
     */
    public long redirectsSent()
    {
        return redirectsSent.get();
    }

    /** Registrations answered REJECTED because the node would not take them (see {@link ExecutorMessageListener#refusalFor}). */
    public long registrationsRefused()
    {
        return registrationsRefused.get();
    }

    /**
     * @return inbound frames rejected as malformed: too short, wrong schema, unknown template, bad fields.
     */
    public long rejectedFrames()
    {
        return rejectedFrames.get();
    }

    /**
     * Stop the agent's thread and close its subscription and publications. The Aeron client stays open.
     */
    @Override
    public void close()
    {
        if (null != agentRunner)
        {
            CloseHelper.close(agentRunner);
        }
    }

    long onRejectedFrame()
    {
        return rejectedFrames.incrementAndGet();
    }

    void onRegister(final ExecutorRegistration registration)
    {
        final long instanceId = registration.instanceId();
        final String channel = replyChannelWithTermLength(registration.replyChannel());
        final long nowNs = nanoClock.nanoTime();

        for (final Iterator<PendingRegistration> it = pendingRegistrations.iterator(); it.hasNext(); )
        {
            final PendingRegistration pending = it.next();
            if (pending.registration.instanceId() == instanceId)
            {
                if (pending.channel.equals(channel))
                {
                    // A resend while the first is still connecting: keep the publication, take the newest fields.
                    pending.registration = registration;
                    pending.deadlineNs = nowNs + REGISTRATION_TIMEOUT_NS;
                    return;
                }
                pending.abandon();
                it.remove();
            }
        }

        final ExecutorPublisher existing = publishers.get(instanceId);
        final PendingRegistration pending;
        if (null != existing && existing.channel().equals(channel))
        {
            pending = new PendingRegistration(registration, channel, existing, nowNs + REGISTRATION_TIMEOUT_NS);
        }
        else
        {
            final long registrationId = aeron.asyncAddPublication(channel, TransportChannels.EXECUTOR_STREAM_ID);
            pending = new PendingRegistration(registration, channel, registrationId, nowNs + REGISTRATION_TIMEOUT_NS);
        }
        pendingRegistrations.add(pending);
        LOG.debug("Register from instance {} replying on {}", instanceId, channel);
    }

    void onHeartbeat(final long instanceId, final long sentAtEpochMs, final int leaseCount)
    {
        try
        {
            listener.onHeartbeat(instanceId, sentAtEpochMs, leaseCount);
        }
        catch (final RuntimeException ex)
        {
            logListenerError("onHeartbeat", ex);
        }
    }

    void onHeartbeatLease(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        try
        {
            listener.onHeartbeatLease(instanceId, dagId, jobIndex, fencingToken);
        }
        catch (final RuntimeException ex)
        {
            logListenerError("onHeartbeatLease", ex);
        }
    }

    void onStarted(
        final long instanceId, final long dagId, final int jobIndex, final long fencingToken, final long startedAtMs)
    {
        try
        {
            listener.onStarted(instanceId, dagId, jobIndex, fencingToken, startedAtMs);
        }
        catch (final RuntimeException ex)
        {
            logListenerError("onStarted", ex);
        }
    }

    void onSucceeded(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtMs,
        final byte[] result)
    {
        try
        {
            listener.onSucceeded(instanceId, dagId, jobIndex, fencingToken, finishedAtMs, result);
        }
        catch (final RuntimeException ex)
        {
            logListenerError("onSucceeded", ex);
        }
    }

    void onFailed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long finishedAtMs,
        final boolean retryable,
        final String error)
    {
        try
        {
            listener.onFailed(instanceId, dagId, jobIndex, fencingToken, finishedAtMs, retryable, error);
        }
        catch (final RuntimeException ex)
        {
            logListenerError("onFailed", ex);
        }
    }

    private int processPendingRegistrations(final long nowNs)
    {
        int workCount = 0;
        for (final Iterator<PendingRegistration> it = pendingRegistrations.iterator(); it.hasNext(); )
        {
            final PendingRegistration pending = it.next();
            final long instanceId = pending.registration.instanceId();
            try
            {
                if (null == pending.publisher)
                {
                    final Publication publication = aeron.getPublication(pending.publicationRegistrationId);
                    if (null == publication)
                    {
                        if (nowNs - pending.deadlineNs > 0)
                        {
                            LOG.warn("Reply publication for instance {} on {} not ready in time; waiting for a resend",
                                instanceId, pending.channel);
                            pending.abandon();
                            it.remove();
                        }
                        continue;
                    }
                    pending.publisher = new ExecutorPublisher(instanceId, pending.channel, publication);
                    workCount++;
                }

                if (pending.publisher.publication().isClosed())
                {
                    // The installed publication was forgotten meanwhile; the next resend starts afresh.
                    it.remove();
                    continue;
                }

                if (!pending.publisher.isConnected())
                {
                    if (nowNs - pending.deadlineNs > 0)
                    {
                        LOG.warn("Reply publication for instance {} on {} did not connect in time; waiting for a resend",
                            instanceId, pending.channel);
                        pending.abandon();
                        it.remove();
                    }
                    continue;
                }

                final Answer answer;
                synchronized (redirectLock)
                {
                    // Under redirectAll's lock: a registration answered before a hand-over is installed, so the
                    // hand-over redirects it; one answered after it asks redirectFor, which names the new owner.
                    answer = answer(pending);
                }
                if (Answer.NONE == answer)
                {
                    // Back-pressured: the answer is tried again on the next duty cycle.
                    continue;
                }
                it.remove();
                workCount++;
                if (Answer.ACCEPTED == answer)
                {
                    LOG.info("Executor instance {} ({}) registered with slots {}",
                        instanceId, pending.registration.deploymentName(), pending.registration.slotsByClass());
                    try
                    {
                        listener.onExecutorRegistered(pending.registration);
                    }
                    catch (final RuntimeException ex)
                    {
                        logListenerError("onExecutorRegistered", ex);
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                // An invalid reply channel surfaces here from the driver; the registration cannot succeed.
                LOG.warn("Registration of instance {} on {} failed", instanceId, pending.channel, ex);
                pending.abandon();
                it.remove();
            }
        }
        return workCount;
    }

    private Answer answer(final PendingRegistration pending)
    {
        final String refusal;
        try
        {
            refusal = listener.refusalFor(pending.registration);
        }
        catch (final RuntimeException ex)
        {
            logListenerError("refusalFor", ex);
            pending.abandon();
            return Answer.DROPPED;
        }
        if (null != refusal)
        {
            return refuse(pending, refusal) ? Answer.REFUSED : Answer.NONE;
        }
        final String redirectEndpoint;
        try
        {
            redirectEndpoint = listener.redirectFor(pending.registration);
        }
        catch (final RuntimeException ex)
        {
            // Accepting could split the executors between two owners; the instance resends and is asked again.
            logListenerError("redirectFor", ex);
            pending.abandon();
            return Answer.DROPPED;
        }
        if (null != redirectEndpoint)
        {
            return redirect(pending, redirectEndpoint) ? Answer.REDIRECTED : Answer.NONE;
        }
        if (pending.publisher.registerAck(
            agentEncoder, RegisterStatus.ACCEPTED, leaseTimeoutMs, nodeId, "", clusterEndpoints))
        {
            install(pending.publisher);
            return Answer.ACCEPTED;
        }
        return Answer.NONE;
    }

    private boolean refuse(final PendingRegistration pending, final String reason)
    {
        if (!pending.publisher.registerAck(
            agentEncoder, RegisterStatus.REJECTED, leaseTimeoutMs, nodeId, reason, clusterEndpoints))
        {
            return false;
        }
        registrationsRefused.incrementAndGet();
        if (pending.reusesInstalledPublisher)
        {
            uninstall(pending.publisher);
        }
        else
        {
            pending.abandon();
        }
        LOG.warn("Executor instance {} ({}) refused: {}", pending.registration.instanceId(), pending.registration.deploymentName(), reason);
        return true;
    }

    private boolean redirect(final PendingRegistration pending, final String redirectEndpoint)
    {
        if (!pending.publisher.registerAck(
            agentEncoder, RegisterStatus.REDIRECT, leaseTimeoutMs, nodeId, redirectEndpoint, clusterEndpoints))
        {
            return false;
        }
        redirectsSent.incrementAndGet();
        if (pending.reusesInstalledPublisher)
        {
            // Registered here before; it is leaving, so nothing may be dispatched to it from here any more.
            uninstall(pending.publisher);
        }
        else
        {
            pending.abandon();
        }
        LOG.info("Executor instance {} ({}) redirected to {}",
            pending.registration.instanceId(), pending.registration.deploymentName(), redirectEndpoint);
        return true;
    }

    private void uninstall(final ExecutorPublisher publisher)
    {
        synchronized (publishersWriteLock)
        {
            if (publishers.get(publisher.instanceId()) == publisher)
            {
                final Long2ObjectHashMap<ExecutorPublisher> copy = new Long2ObjectHashMap<>(publishers);
                copy.remove(publisher.instanceId());
                publishers = copy;
            }
        }
        publisher.close();
    }

    private void install(final ExecutorPublisher publisher)
    {
        final ExecutorPublisher previous;
        synchronized (publishersWriteLock)
        {
            if (closed)
            {
                publisher.close();
                return;
            }
            final Long2ObjectHashMap<ExecutorPublisher> copy = new Long2ObjectHashMap<>(publishers);
            previous = copy.put(publisher.instanceId(), publisher);
            publishers = copy;
        }
        if (null != previous && previous != publisher)
        {
            previous.close();
        }
    }

    private void logListenerError(final String callback, final RuntimeException ex)
    {
        LOG.error("Executor message listener threw from {}", callback, ex);
    }

    private static String replyChannelWithTermLength(final String replyChannel)
    {
        // The publication's term length is what counts on a UDP stream; without it the driver default applies.
        final ChannelUri uri = ChannelUri.parse(replyChannel);
        if (!uri.containsKey(CommonContext.TERM_LENGTH_PARAM_NAME))
        {
            uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, TransportChannels.TERM_LENGTH);
            return uri.toString();
        }
        return replyChannel;
    }

    static String awaitResolvedEndpoint(final Subscription subscription)
    {
        final long deadlineNs = System.nanoTime() + RESOLVE_ENDPOINT_TIMEOUT_NS;
        final IdleStrategy idleStrategy = new YieldingIdleStrategy();
        String endpoint;
        while (null == (endpoint = subscription.resolvedEndpoint()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("Endpoint of " + subscription.channel() + " did not resolve");
            }
            idleStrategy.idle();
        }
        return endpoint;
    }

    private static final byte[] EMPTY_PAYLOAD = new byte[0];

    /** How a pending registration was answered; NONE when the answer was back-pressured. */
    private enum Answer
    {
        NONE, ACCEPTED, REDIRECTED, REFUSED, DROPPED
    }

    private final class PendingRegistration
    {
        private ExecutorRegistration registration;
        private final String channel;
        private final long publicationRegistrationId;
        private final boolean reusesInstalledPublisher;
        private ExecutorPublisher publisher;
        private long deadlineNs;

        PendingRegistration(
            final ExecutorRegistration registration,
            final String channel,
            final long publicationRegistrationId,
            final long deadlineNs)
        {
            this.registration = registration;
            this.channel = channel;
            this.publicationRegistrationId = publicationRegistrationId;
            this.reusesInstalledPublisher = false;
            this.deadlineNs = deadlineNs;
        }

        PendingRegistration(
            final ExecutorRegistration registration,
            final String channel,
            final ExecutorPublisher installedPublisher,
            final long deadlineNs)
        {
            this.registration = registration;
            this.channel = channel;
            this.publicationRegistrationId = Aeron.NULL_VALUE;
            this.reusesInstalledPublisher = true;
            this.publisher = installedPublisher;
            this.deadlineNs = deadlineNs;
        }

        void abandon()
        {
            if (reusesInstalledPublisher)
            {
                return;
            }
            if (null != publisher)
            {
                publisher.close();
            }
            else
            {
                try
                {
                    aeron.asyncRemovePublication(publicationRegistrationId);
                }
                catch (final RuntimeException ex)
                {
                    LOG.debug("Could not remove pending publication {}", publicationRegistrationId, ex);
                }
            }
        }
    }
}
