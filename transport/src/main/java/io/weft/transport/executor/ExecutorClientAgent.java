package io.weft.transport.executor;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.weft.codecs.RegisterStatus;
import io.weft.transport.TransportChannels;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor's duty cycle: polls the node's messages, registers (resending until acknowledged), heartbeats the
 * leases it holds, fences dispatches and cancels, and hands jobs to the worker pool of their executor class.
 * Workers send their own callbacks through per-thread {@link NodePublisher}s, so a slow job never holds up
 * polling.
 * <p>
 * In a cluster only the scheduling owner keeps executors, so the agent follows it over its {@link NodeLink}: a
 * RegisterAck REDIRECT moves the link to the owner's endpoint at once, and a node lost for longer than a blip
 * moves it on to the next known endpoint, whose node accepts or redirects to the owner. Jobs keep running across
 * a switch and their callbacks go out on the new link; the first heartbeat to the new node lists their leases.
 * <p>
 * A job that finished just before the executor noticed its node was gone sent its callback into the dead link, and
 * no heartbeat lists it any more. So once a node accepts the executor after the link switched or was lost, the
 * agent replays the Succeeded and Failed callbacks sent on the earlier link within the replay window
 * ({@link RecentCallbacks}), a few per duty cycle and never waiting on the publication: the new owner completes
 * the leases it adopted with them, and counts as stale those the old node did receive.
 */
final class ExecutorClientAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorClientAgent.class);

    static final int FRAGMENT_LIMIT = 16;
    static final long REGISTER_RESEND_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long REGISTER_RETRY_NOT_SENT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long UNREGISTERED_WARNING_NS = TimeUnit.SECONDS.toNanos(10);
    static final long REGISTER_REJECTED_RETRY_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * How long a node may go without taking the executor before the link moves to the next known endpoint, where
     * the node may still be there: a new link that has not connected or been answered yet, the first node at
     * start-up, or a node that closed its link back to us (it declared us lost) while ours to it is still up.
     * A link found dead is not waited on: the driver reports it only after the node-loss timeout of silence, so
     * the node is almost surely gone (crashed, partitioned, or paused for longer than any blip) and the link moves
     * on at once; see {@link #onLinkLost}.
     */
    static final long ROTATE_AFTER_NS = TimeUnit.SECONDS.toNanos(1);

    /** Replayed callbacks offered at most per duty cycle, so a long replay never holds up polling. */
    static final int REPLAY_BATCH = 16;

    /** A replay that makes no progress for this long (back-pressure, or the link failing again) is given up. */
    static final long REPLAY_STALL_LIMIT_NS = TimeUnit.SECONDS.toNanos(1);

    /** How long adding the publication to a new node may take before the switch is given up. */
    static final long SWITCH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /** More redirects than this within {@link #REDIRECT_WINDOW_NS} means nodes disagree on the owner. */
    static final int MAX_REDIRECTS_PER_WINDOW = 5;
    static final long REDIRECT_WINDOW_NS = TimeUnit.SECONDS.toNanos(1);

    /** Pause before registering after too many redirects, so disagreeing nodes cannot bounce us in a tight loop. */
    static final long REDIRECT_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Why the link last moved, for the log line once the new node accepts. */
    enum LinkChange
    {
        REDIRECTED, ROTATED;

        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Keeps one heartbeat well inside the 128 KiB max message (20 bytes per lease). */
    static final int MAX_LEASES_PER_HEARTBEAT = 4000;

    /** Newest fencing token per job, kept for this many recent jobs so late or replayed dispatches are refused. */
    static final int FENCING_MEMORY_JOBS = 65_536;

    private final ExecutorClientSettings settings;
    private final Aeron aeron;
    private final Subscription subscription;
    private final NodeLink link;
    private final KnownEndpoints knownEndpoints;
    private final String replyChannel;
    private final FragmentAssembler fragmentAssembler;
    private final NodeMessageAdapter adapter;
    private final NodePublisher agentPublisher;
    private final ThreadLocal<NodePublisher> workerPublishers;
    private final Map<String, ExecutorService> poolsByClass;
    private final ExecutorService rejectionExecutor;
    private final AtomicBoolean closed;
    private final AtomicLong jobsCompleted = new AtomicLong();
    private final RecentCallbacks recentCallbacks;
    private final EpochClock epochClock = SystemEpochClock.INSTANCE;
    private final NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private final long heartbeatIntervalNs;
    private final Map<JobKey, JobLease> inFlight = new ConcurrentHashMap<>();
    private final List<JobLease> heartbeatSnapshot = new ArrayList<>();
    private final Map<JobKey, Long> newestTokenByJob = new LinkedHashMap<>(1024, 0.75f, false)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<JobKey, Long> eldest)
        {
            return size() > FENCING_MEMORY_JOBS;
        }
    };

    private volatile boolean registered;
    private volatile boolean draining;
    private volatile String nodeId = "";
    private volatile long staleMessages;
    private volatile long callbacksReplayed;
    private boolean wasConnected;
    private boolean wasReplyConnected;
    private boolean warnedUnregistered;
    private long unregisteredSinceNs;
    private long nextRegisterNs;
    private long nextHeartbeatNs;
    private PendingSwitch pendingSwitch;
    private LinkChange linkChange;
    private String rotationCursor;
    private long linkAttemptSinceNs;
    private int registersSentOnLink;
    private long redirectWindowStartNs;
    private int redirectsInWindow;
    private long redirectBackoffUntilNs;
    private boolean redirectBackoff;
    private boolean rotateNow;
    private boolean awaitingSameNode;
    private long lastAcceptedGeneration = -1;
    private boolean replayRoundActive;
    private int replayRoundCount;
    private long replayProgressNs;
    private String replayOccasion = "";

    ExecutorClientAgent(
        final ExecutorClientSettings settings,
        final Aeron aeron,
        final Subscription subscription,
        final NodeLink link,
        final KnownEndpoints knownEndpoints,
        final String replyChannel,
        final Map<String, ExecutorService> poolsByClass,
        final ExecutorService rejectionExecutor,
        final AtomicBoolean closed)
    {
        this.settings = settings;
        this.aeron = aeron;
        this.subscription = subscription;
        this.link = link;
        this.knownEndpoints = knownEndpoints;
        this.replyChannel = replyChannel;
        this.poolsByClass = poolsByClass;
        this.rejectionExecutor = rejectionExecutor;
        this.closed = closed;
        this.adapter = new NodeMessageAdapter(this);
        this.fragmentAssembler = new FragmentAssembler(adapter);
        this.recentCallbacks = new RecentCallbacks(TimeUnit.MILLISECONDS.toNanos(settings.callbackReplayWindowMs()));
        this.agentPublisher = new NodePublisher(link, closed::get, recentCallbacks);
        this.workerPublishers = ThreadLocal.withInitial(() -> new NodePublisher(link, closed::get, recentCallbacks));
        this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        this.nextRegisterNs = nanoClock.nanoTime();
        this.linkAttemptSinceNs = nextRegisterNs;
        this.rotationCursor = link.endpoint();
    }

    @Override
    public String roleName()
    {
        return "weft-executor-" + settings.instanceId();
    }

    @Override
    public int doWork()
    {
        int workCount = subscription.poll(fragmentAssembler, FRAGMENT_LIMIT);
        final long nowNs = nanoClock.nanoTime();

        if (null != pendingSwitch)
        {
            workCount += pollPendingSwitch(nowNs);
        }

        if (!registered)
        {
            workCount += register(nowNs);
        }
        else
        {
            watchLink(nowNs);
            if (registered && nowNs - nextHeartbeatNs >= 0)
            {
                nextHeartbeatNs = nowNs + heartbeatIntervalNs;
                workCount += sendHeartbeat();
            }
            if (registered && recentCallbacks.isReplayPending())
            {
                workCount += replayCallbacks(nowNs);
            }
        }

        return workCount;
    }

    @Override
    public void onClose()
    {
        cancelPendingSwitch();
        CloseHelper.closeAll(subscription, link.publication());
    }

    boolean isRegistered()
    {
        return registered;
    }

    boolean isDraining()
    {
        return draining;
    }

    long jobsCompleted()
    {
        return jobsCompleted.get();
    }

    long staleMessages()
    {
        return staleMessages;
    }

    long callbacksReplayed()
    {
        return callbacksReplayed;
    }

    long rejectedFrames()
    {
        return adapter.rejectedFrames();
    }

    int inFlightCount()
    {
        return inFlight.size();
    }

    String linkedEndpoint()
    {
        return link.endpoint();
    }

    List<String> knownEndpoints()
    {
        return knownEndpoints.snapshot();
    }

    void onRegisterAck(
        final long instanceId,
        final RegisterStatus status,
        final int leaseTimeoutMs,
        final String nodeId,
        final String reason,
        final String clusterEndpoints)
    {
        if (instanceId != settings.instanceId())
        {
            return;
        }
        if (knownEndpoints.learn(clusterEndpoints))
        {
            LOG.debug("Executor instance {} knows nodes at {}", instanceId, knownEndpoints.snapshot());
        }

        if (RegisterStatus.REDIRECT == status)
        {
            onRedirect(nodeId, reason);
        }
        else if (null != pendingSwitch || 0 == registersSentOnLink)
        {
            // An answer from the node the link is leaving or has left: the current node has not heard from us yet,
            // so acting on it would keep us from registering there.
            LOG.debug("Executor instance {} ignored a {} RegisterAck from node {} it is no longer linked to",
                instanceId, status, nodeId);
        }
        else if (RegisterStatus.ACCEPTED == status)
        {
            onAccepted(nodeId, leaseTimeoutMs);
        }
        else
        {
            registered = false;
            nextRegisterNs = nanoClock.nanoTime() + REGISTER_REJECTED_RETRY_NS;
            LOG.warn("Executor instance {} was refused by node {}: {}", instanceId, nodeId, reason);
        }
    }

    void onDispatch(
        final long dagId,
        final int jobIndex,
        final int attempt,
        final long fencingToken,
        final long deadlineEpochMs,
        final String executorClass,
        final String jobId,
        final byte[] payload)
    {
        final JobKey key = new JobKey(dagId, jobIndex);
        final Long newestToken = newestTokenByJob.get(key);
        if (null != newestToken && fencingToken <= newestToken)
        {
            // Older than (or a replay of) a lease this executor already accepted: a zombie or duplicate.
            staleMessages++;
            LOG.debug("Refused stale dispatch dag {} job {} token {} (newest {})",
                dagId, jobIndex, fencingToken, newestToken);
            return;
        }
        newestTokenByJob.put(key, fencingToken);

        final JobLease lease = new JobLease(dagId, jobIndex, fencingToken);
        if (draining)
        {
            reject(lease, "executor instance " + settings.instanceId() + " is draining");
            return;
        }
        final ExecutorService pool = poolsByClass.get(executorClass);
        if (null == pool)
        {
            reject(lease, "no slots for class " + executorClass);
            return;
        }

        final JobLease superseded = inFlight.put(key, lease);
        if (null != superseded)
        {
            superseded.cancel();
        }

        final JobContext context = new JobContext(
            dagId, jobIndex, jobId, executorClass, attempt, fencingToken, deadlineEpochMs, payload);
        try
        {
            pool.execute(new JobTask(this, lease, context, settings.handlerFor(executorClass)));
        }
        catch (final RejectedExecutionException ex)
        {
            // Only happens while closing; the node's lease expiry covers the job.
            inFlight.remove(key, lease);
        }
    }

    void onCancel(final long dagId, final int jobIndex, final long fencingToken)
    {
        final JobKey key = new JobKey(dagId, jobIndex);
        final JobLease lease = inFlight.get(key);
        if (null == lease || fencingToken < lease.fencingToken())
        {
            staleMessages++;
            LOG.debug("Ignored cancel dag {} job {} token {}: no such lease", dagId, jobIndex, fencingToken);
            return;
        }
        // The worker sends Failed("cancelled") so the node sees a terminal callback for the lease.
        lease.cancel();
    }

    void onDrain(final long instanceId)
    {
        if (instanceId == settings.instanceId() && !draining)
        {
            draining = true;
            LOG.info("Executor instance {} draining: {} jobs in flight, accepting no new dispatches",
                instanceId, inFlight.size());
        }
    }

    NodePublisher workerPublisher()
    {
        return workerPublishers.get();
    }

    long instanceId()
    {
        return settings.instanceId();
    }

    long epochMs()
    {
        return epochClock.time();
    }

    void onJobFinished(final JobLease lease, final boolean callbackSent)
    {
        inFlight.remove(new JobKey(lease.dagId(), lease.jobIndex()), lease);
        if (callbackSent)
        {
            jobsCompleted.incrementAndGet();
        }
    }

    private void reject(final JobLease lease, final String reason)
    {
        try
        {
            // Off the agent thread: the callback must not be lost, and waiting for it here would stop polling.
            rejectionExecutor.execute(() ->
            {
                if (workerPublisher().failed(
                    settings.instanceId(),
                    lease.dagId(),
                    lease.jobIndex(),
                    lease.fencingToken(),
                    epochMs(),
                    true,
                    reason))
                {
                    jobsCompleted.incrementAndGet();
                }
            });
        }
        catch (final RejectedExecutionException ignore)
        {
            // Closing.
        }
    }

    private int register(final long nowNs)
    {
        if (0 == unregisteredSinceNs)
        {
            unregisteredSinceNs = nowNs;
        }
        else if (!warnedUnregistered && nowNs - unregisteredSinceNs > UNREGISTERED_WARNING_NS)
        {
            warnedUnregistered = true;
            LOG.warn("Executor instance {} not registered after {} s; is any node at {} running?",
                settings.instanceId(), TimeUnit.NANOSECONDS.toSeconds(UNREGISTERED_WARNING_NS),
                knownEndpoints.snapshot());
        }

        if (null != pendingSwitch)
        {
            // Registering on the link being left would only earn another redirect.
            return 0;
        }

        if (awaitingSameNode && !link.publication().isConnected())
        {
            // The node that closed its link back is now silent on ours as well: it is gone, not just refusing.
            awaitingSameNode = false;
            rotateNow = true;
        }

        if (knownEndpoints.size() > 1 && (rotateNow || nowNs - linkAttemptSinceNs > ROTATE_AFTER_NS))
        {
            // This node has not taken us for a while (dead, partitioned, or refusing): whoever answers at the next
            // endpoint accepts us or redirects us to the owner.
            rotationCursor = knownEndpoints.after(rotationCursor);
            startSwitch(rotationCursor, LinkChange.ROTATED, nowNs);
            return 1;
        }

        if (nowNs - nextRegisterNs >= 0)
        {
            if (sendRegister())
            {
                registersSentOnLink++;
                nextRegisterNs = nowNs + REGISTER_RESEND_INTERVAL_NS;
                return 1;
            }
            // Not yet connected to the node: try again shortly rather than a whole resend interval later.
            nextRegisterNs = nowNs + REGISTER_RETRY_NOT_SENT_NS;
        }
        return 0;
    }

    private void watchLink(final long nowNs)
    {
        final boolean connected = link.publication().isConnected();
        if (!connected && wasConnected)
        {
            // The node went away; whoever answers next must learn who we are before dispatching to us.
            LOG.warn("Executor instance {} lost its connection to node {} at {}; {}",
                settings.instanceId(), nodeId, link.endpoint(),
                knownEndpoints.size() > 1 ? "moving to the next node" : "re-registering");
            onLinkLost(nowNs, true);
        }
        wasConnected = connected;

        // The node forgets an instance it declared lost (a partition, a long GC or a SIGSTOP) and closes its
        // link back to it; the instance's own link to the node may stay up, so watch the way back as well.
        final boolean replyConnected = subscription.isConnected();
        if (registered && !replyConnected && wasReplyConnected)
        {
            LOG.warn("Executor instance {}: node {} closed its link to us (we were declared lost, or the node " +
                "stopped); re-registering", settings.instanceId(), nodeId);
            onLinkLost(nowNs, false);
        }
        wasReplyConnected = replyConnected;
    }

    /**
     * @param nodeSilent true when our link to the node timed out (no status messages for the node-loss timeout):
     *                   the node has been silent for that long already, so waiting longer for it only delays the
     *                   move, and the link moves to the next known node at once (a blip shorter than the timeout
     *                   never gets here). False when only the node's link back to us closed while ours is up: the
     *                   node is alive and forgot us (a partition, GC or SIGSTOP on our side outlasted its failure
     *                   detector), so we register with it again and move on only if it does not take us within
     *                   {@link #ROTATE_AFTER_NS}, or once our link to it times out too.
     */
    private void onLinkLost(final long nowNs, final boolean nodeSilent)
    {
        registered = false;
        nextRegisterNs = nowNs;
        linkAttemptSinceNs = nowNs;
        rotateNow = nodeSilent;
        awaitingSameNode = !nodeSilent;
        // What was sent before may not have arrived: it is replayed once a node accepts us again.
        link.renew();
    }

    private void onAccepted(final String nodeId, final int leaseTimeoutMs)
    {
        this.nodeId = nodeId;
        if (registered)
        {
            return;
        }
        registered = true;
        unregisteredSinceNs = 0;
        warnedUnregistered = false;
        wasConnected = true;
        rotateNow = false;
        awaitingSameNode = false;
        final long nowNs = nanoClock.nanoTime();
        // At once: the heartbeat lists the leases in flight, which a new owner adopts from it.
        nextHeartbeatNs = nowNs;
        final long generation = link.generation();
        if (generation != lastAcceptedGeneration)
        {
            // Accepted after a switch or a lost link: callbacks sent on the earlier link follow the heartbeat.
            lastAcceptedGeneration = generation;
            startReplay(generation, nowNs, null != linkChange ? "after switching" : "after re-registering");
        }
        if (null != linkChange)
        {
            LOG.info("Executor instance {} now linked to node {} at {} ({}), {} jobs in flight",
                settings.instanceId(), nodeId, link.endpoint(), linkChange, inFlight.size());
            linkChange = null;
        }
        else
        {
            LOG.info("Executor instance {} registered with node {} at {} (lease timeout {} ms)",
                settings.instanceId(), nodeId, link.endpoint(), leaseTimeoutMs);
        }
    }

    private void startReplay(final long generation, final long nowNs, final String occasion)
    {
        if (replayRoundActive)
        {
            // Cut short by losing the link; what it did not send is queued again below.
            endReplayRound(0, null);
        }
        final int queued = recentCallbacks.startReplay(generation, nowNs);
        replayOccasion = occasion;
        if (queued > 0)
        {
            LOG.debug("Executor instance {} replaying {} callback(s) to node {}",
                settings.instanceId(), queued, nodeId);
        }
    }

    /**
     * Offer the next queued callbacks without waiting; what is back-pressured is tried on the next duty cycles,
     * and given up after {@link #REPLAY_STALL_LIMIT_NS} without progress.
     */
    private int replayCallbacks(final long nowNs)
    {
        if (!replayRoundActive)
        {
            replayRoundActive = true;
            replayRoundCount = 0;
            replayProgressNs = nowNs;
        }
        if (link.generation() != recentCallbacks.replayGeneration())
        {
            // The link moved on since the replay was queued; the next acceptance queues it again.
            recentCallbacks.abandonReplay();
            endReplayRound(0, null);
            return 0;
        }

        int workCount = 0;
        RecentCallbacks.Entry entry;
        while (workCount < REPLAY_BATCH && null != (entry = recentCallbacks.nextToReplay()))
        {
            final long result = agentPublisher.replay(settings.instanceId(), entry);
            if (result > 0)
            {
                recentCallbacks.replayed(entry);
                callbacksReplayed++;
                replayRoundCount++;
                replayProgressNs = nowNs;
                workCount++;
            }
            else
            {
                if (nowNs - replayProgressNs > REPLAY_STALL_LIMIT_NS)
                {
                    endReplayRound(recentCallbacks.abandonReplay(), result == Publication.NOT_CONNECTED ?
                        "not connected" : "back-pressured");
                }
                return workCount;
            }
        }
        if (!recentCallbacks.isReplayPending())
        {
            endReplayRound(0, null);
        }
        return workCount;
    }

    private void endReplayRound(final int givenUp, final String why)
    {
        replayRoundActive = false;
        if (replayRoundCount > 0)
        {
            LOG.info("Executor instance {} replayed {} callback(s) to node {} {}",
                settings.instanceId(), replayRoundCount, nodeId, replayOccasion);
        }
        if (givenUp > 0)
        {
            LOG.warn("Executor instance {} gave up replaying {} callback(s) to node {}: {} for over {} ms",
                settings.instanceId(), givenUp, nodeId, why, TimeUnit.NANOSECONDS.toMillis(REPLAY_STALL_LIMIT_NS));
        }
        replayRoundCount = 0;
    }

    private void onRedirect(final String fromNodeId, final String ownerEndpoint)
    {
        if (!KnownEndpoints.isEndpoint(ownerEndpoint))
        {
            LOG.warn("Executor instance {}: node {} redirected it to '{}', which is not host:port; ignored",
                settings.instanceId(), fromNodeId, ownerEndpoint);
            return;
        }
        final String heading = null != pendingSwitch ? pendingSwitch.endpoint : link.endpoint();
        if (ownerEndpoint.equals(heading))
        {
            // A late answer to an earlier Register: already there, or on the way.
            return;
        }

        final long nowNs = nanoClock.nanoTime();
        registered = false;
        if (nowNs - redirectWindowStartNs > REDIRECT_WINDOW_NS)
        {
            redirectWindowStartNs = nowNs;
            redirectsInWindow = 0;
        }
        if (++redirectsInWindow > MAX_REDIRECTS_PER_WINDOW)
        {
            redirectBackoff = true;
            redirectBackoffUntilNs = nowNs + REDIRECT_BACKOFF_NS;
            if (MAX_REDIRECTS_PER_WINDOW + 1 == redirectsInWindow)
            {
                LOG.warn("Executor instance {} redirected over {} times within {} ms; nodes disagree on the owner, " +
                    "backing off {} ms before each registration", settings.instanceId(), MAX_REDIRECTS_PER_WINDOW,
                    TimeUnit.NANOSECONDS.toMillis(REDIRECT_WINDOW_NS),
                    TimeUnit.NANOSECONDS.toMillis(REDIRECT_BACKOFF_NS));
            }
            LOG.debug("Executor instance {}: node {} redirects it to the owner at {}",
                settings.instanceId(), fromNodeId, ownerEndpoint);
        }
        else
        {
            LOG.info("Executor instance {}: node {} redirects it to the owner at {}",
                settings.instanceId(), fromNodeId, ownerEndpoint);
        }
        startSwitch(ownerEndpoint, LinkChange.REDIRECTED, nowNs);
    }

    /**
     * Add the publication to the new node without blocking the duty cycle; {@link #pollPendingSwitch} completes
     * the switch once the driver has it.
     */
    private void startSwitch(final String endpoint, final LinkChange change, final long nowNs)
    {
        cancelPendingSwitch();
        rotateNow = false;
        awaitingSameNode = false;
        try
        {
            final long registrationId = aeron.asyncAddPublication(
                TransportChannels.udpChannel(endpoint), TransportChannels.NODE_STREAM_ID);
            pendingSwitch = new PendingSwitch(endpoint, change, registrationId, nowNs + SWITCH_TIMEOUT_NS);
            LOG.debug("Executor instance {} linking to the node at {} ({})", settings.instanceId(), endpoint, change);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("Executor instance {} cannot link to the node at {}", settings.instanceId(), endpoint, ex);
            linkAttemptSinceNs = nowNs;
        }
    }

    private int pollPendingSwitch(final long nowNs)
    {
        final PendingSwitch pending = pendingSwitch;
        final Publication publication;
        try
        {
            publication = aeron.getPublication(pending.registrationId);
        }
        catch (final RuntimeException ex)
        {
            // E.g. a host name that does not resolve; the current link stays, and rotation moves on in time.
            LOG.warn("Executor instance {} cannot link to the node at {}: {}",
                settings.instanceId(), pending.endpoint, ex.getMessage());
            pendingSwitch = null;
            linkAttemptSinceNs = nowNs;
            return 1;
        }

        if (null == publication)
        {
            if (nowNs - pending.deadlineNs > 0)
            {
                LOG.warn("Executor instance {}: the link to the node at {} was not ready in time",
                    settings.instanceId(), pending.endpoint);
                cancelPendingSwitch();
                linkAttemptSinceNs = nowNs;
            }
            return 0;
        }

        pendingSwitch = null;
        final Publication previous = link.switchTo(pending.endpoint, publication);
        // Closed only after the switch, so a worker whose offer finds it closed re-reads the link and finds the new
        // one; data already offered on it is still delivered if its node is alive.
        CloseHelper.quietClose(previous);
        linkChange = pending.change;
        if (LinkChange.REDIRECTED == pending.change)
        {
            rotationCursor = pending.endpoint;
        }
        wasConnected = false;
        registersSentOnLink = 0;
        linkAttemptSinceNs = nowNs;
        nextRegisterNs = redirectBackoff && redirectBackoffUntilNs - nowNs > 0 ? redirectBackoffUntilNs : nowNs;
        redirectBackoff = false;
        return 1;
    }

    private void cancelPendingSwitch()
    {
        final PendingSwitch pending = pendingSwitch;
        if (null != pending)
        {
            pendingSwitch = null;
            try
            {
                aeron.asyncRemovePublication(pending.registrationId);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("Could not remove pending publication {}", pending.registrationId, ex);
            }
        }
    }

    private boolean sendRegister()
    {
        if (closed.get())
        {
            return false;
        }
        return agentPublisher.register(
            settings.instanceId(),
            settings.heartbeatIntervalMs(),
            settings.slotsByClass(),
            settings.deploymentName(),
            settings.owner(),
            settings.version(),
            String.join(",", settings.capabilities()),
            replyChannel,
            settings.token(),
            settings.declared());
    }

    private int sendHeartbeat()
    {
        heartbeatSnapshot.clear();
        heartbeatSnapshot.addAll(inFlight.values());
        final long nowMs = epochClock.time();
        final int total = heartbeatSnapshot.size();
        int sent = 0;
        int from = 0;
        do
        {
            final int to = Math.min(total, from + MAX_LEASES_PER_HEARTBEAT);
            if (agentPublisher.heartbeat(settings.instanceId(), nowMs, heartbeatSnapshot, from, to))
            {
                sent++;
            }
            from = to;
        }
        while (from < total);
        heartbeatSnapshot.clear();
        return sent;
    }

    private record PendingSwitch(String endpoint, LinkChange change, long registrationId, long deadlineNs)
    {
    }
}
