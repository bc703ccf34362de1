package io.weft.transport.executor;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
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
 */
final class ExecutorClientAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorClientAgent.class);

    static final int FRAGMENT_LIMIT = 16;
    static final long REGISTER_RESEND_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long REGISTER_RETRY_NOT_SENT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long UNREGISTERED_WARNING_NS = TimeUnit.SECONDS.toNanos(10);
    static final long REGISTER_REJECTED_RETRY_NS = TimeUnit.SECONDS.toNanos(5);

    /** Keeps one heartbeat well inside the 128 KiB max message (20 bytes per lease). */
    static final int MAX_LEASES_PER_HEARTBEAT = 4000;

    /** Newest fencing token per job, kept for this many recent jobs so late or replayed dispatches are refused. */
    static final int FENCING_MEMORY_JOBS = 65_536;

    private final ExecutorClientSettings settings;
    private final Subscription subscription;
    private final Publication publication;
    private final String replyChannel;
    private final FragmentAssembler fragmentAssembler;
    private final NodeMessageAdapter adapter;
    private final NodePublisher agentPublisher;
    private final ThreadLocal<NodePublisher> workerPublishers;
    private final Map<String, ExecutorService> poolsByClass;
    private final ExecutorService rejectionExecutor;
    private final AtomicBoolean closed;
    private final AtomicLong jobsCompleted = new AtomicLong();
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
    private boolean wasConnected;
    private boolean wasReplyConnected;
    private boolean warnedUnregistered;
    private long unregisteredSinceNs;
    private long nextRegisterNs;
    private long nextHeartbeatNs;

    ExecutorClientAgent(
        final ExecutorClientSettings settings,
        final Subscription subscription,
        final Publication publication,
        final String replyChannel,
        final Map<String, ExecutorService> poolsByClass,
        final ExecutorService rejectionExecutor,
        final AtomicBoolean closed)
    {
        this.settings = settings;
        this.subscription = subscription;
        this.publication = publication;
        this.replyChannel = replyChannel;
        this.poolsByClass = poolsByClass;
        this.rejectionExecutor = rejectionExecutor;
        this.closed = closed;
        this.adapter = new NodeMessageAdapter(this);
        this.fragmentAssembler = new FragmentAssembler(adapter);
        this.agentPublisher = new NodePublisher(publication, closed::get);
        this.workerPublishers = ThreadLocal.withInitial(() -> new NodePublisher(publication, closed::get));
        this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
        this.nextRegisterNs = nanoClock.nanoTime();
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

        if (!registered)
        {
            if (0 == unregisteredSinceNs)
            {
                unregisteredSinceNs = nowNs;
            }
            else if (!warnedUnregistered && nowNs - unregisteredSinceNs > UNREGISTERED_WARNING_NS)
            {
                warnedUnregistered = true;
                LOG.warn("Executor instance {} not registered after {} s; is the node at {} running?",
                    settings.instanceId(), TimeUnit.NANOSECONDS.toSeconds(UNREGISTERED_WARNING_NS),
                    publication.channel());
            }

            if (nowNs - nextRegisterNs >= 0)
            {
                if (sendRegister())
                {
                    nextRegisterNs = nowNs + REGISTER_RESEND_INTERVAL_NS;
                    workCount++;
                }
                else
                {
                    // Not yet connected to the node: try again shortly rather than a whole resend interval later.
                    nextRegisterNs = nowNs + REGISTER_RETRY_NOT_SENT_NS;
                }
            }
        }
        else
        {
            final boolean connected = publication.isConnected();
            if (!connected && wasConnected)
            {
                // The node went away; whoever answers next must learn who we are before dispatching to us.
                LOG.warn("Executor instance {} lost its connection to node {}; re-registering",
                    settings.instanceId(), nodeId);
                registered = false;
                nextRegisterNs = nowNs;
            }
            wasConnected = connected;

            // The node forgets an instance it declared lost (a partition, a long GC or a SIGSTOP) and closes its
            // link back to it; the instance's own link to the node may stay up, so watch the way back as well.
            final boolean replyConnected = subscription.isConnected();
            if (registered && !replyConnected && wasReplyConnected)
            {
                LOG.warn("Executor instance {}: node {} closed its link to us (we were declared lost); re-registering",
                    settings.instanceId(), nodeId);
                registered = false;
                nextRegisterNs = nowNs;
            }
            wasReplyConnected = replyConnected;

            if (registered && nowNs - nextHeartbeatNs >= 0)
            {
                nextHeartbeatNs = nowNs + heartbeatIntervalNs;
                workCount += sendHeartbeat();
            }
        }

        return workCount;
    }

    @Override
    public void onClose()
    {
        CloseHelper.closeAll(subscription, publication);
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

    long rejectedFrames()
    {
        return adapter.rejectedFrames();
    }

    int inFlightCount()
    {
        return inFlight.size();
    }

    void onRegisterAck(
        final long instanceId,
        final boolean accepted,
        final int leaseTimeoutMs,
        final String nodeId,
        final String reason)
    {
        if (instanceId != settings.instanceId())
        {
            return;
        }
        if (accepted)
        {
            this.nodeId = nodeId;
            if (!registered)
            {
                registered = true;
                unregisteredSinceNs = 0;
                warnedUnregistered = false;
                wasConnected = true;
                nextHeartbeatNs = nanoClock.nanoTime();
                LOG.info("Executor instance {} registered with node {} (lease timeout {} ms)",
                    instanceId, nodeId, leaseTimeoutMs);
            }
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
            replyChannel);
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
}
