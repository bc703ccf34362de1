package io.weft.transport.executor;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.weft.transport.EmbeddedMediaDriver;
import io.weft.transport.TransportChannels;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor SDK: connects an executor process to a Weft node, registers its typed slots and runs dispatched
 * jobs on a fixed pool of worker threads per executor class, sized by that class's slot count.
 * <p>
 * In a cluster the executor stays linked to the node that owns scheduling: given several node endpoints (and
 * learning the rest from the nodes), it follows redirects to the owner and moves on when its node is lost,
 * without stopping its running jobs.
 * <p>
 * An executor is normally its own process, so by default the client launches its own embedded media driver and
 * closes it with itself.
 */
public final class ExecutorClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorClient.class);
    private static final long RESOLVE_ENDPOINT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long WORKER_STOP_TIMEOUT_MS = 2_000;

    /** System property for the default of {@link Builder#nodeLossTimeoutMs(int)}. */
    public static final String NODE_LOSS_TIMEOUT_PROP_NAME = "weft.executor.node-loss-timeout-ms";

    /**
     * How long the executor's own media driver waits without hearing from a node before it counts the node as
     * gone: no status messages on the link to it, no data or heartbeats on its link back. Aeron's defaults (5 s
     * and 10 s) suit a fixed peer; an executor that must move to another node wants to notice sooner. The node's
     * driver sends status messages every 200 ms and heartbeats every 100 ms when idle, so 1.5 s is several missed
     * in a row; much shorter and a busy machine or a GC pause on the node makes executors switch for nothing.
     */
    public static final int DEFAULT_NODE_LOSS_TIMEOUT_MS = 1_500;

    /** System property for the default of {@link Builder#callbackReplayWindowMs(int)}. */
    public static final String CALLBACK_REPLAY_WINDOW_PROP_NAME = "weft.executor.callback-replay-window-ms";

    /**
     * The least default replay window. A callback lost with its node was sent at most a node-loss timeout before
     * the executor noticed; then come the move to another node (perhaps one more timeout on a node that is dead
     * too), a redirect to the owner and the registration there. Twice the node-loss timeout plus a few seconds
     * covers that: 10 s with the default timeout, more with a longer one (see
     * {@link Builder#callbackReplayWindowMs(int)}).
     */
    public static final int DEFAULT_CALLBACK_REPLAY_WINDOW_MS = 10_000;

    /** Added to twice the node-loss timeout for the default replay window, if that comes to more than 10 s. */
    static final int CALLBACK_REPLAY_WINDOW_SLACK_MS = 5_000;

    private final ExecutorClientSettings settings;
    private final EmbeddedMediaDriver ownedDriver;
    private final ExecutorClientAgent agent;
    private final AgentRunner agentRunner;
    private final List<ExecutorService> pools;
    private final ExecutorService rejectionExecutor;
    private final AtomicBoolean closed;
    private final String replyChannel;

    private ExecutorClient(
        final ExecutorClientSettings settings,
        final EmbeddedMediaDriver ownedDriver,
        final ExecutorClientAgent agent,
        final AgentRunner agentRunner,
        final List<ExecutorService> pools,
        final ExecutorService rejectionExecutor,
        final AtomicBoolean closed,
        final String replyChannel)
    {
        this.settings = settings;
        this.ownedDriver = ownedDriver;
        this.agent = agent;
        this.agentRunner = agentRunner;
        this.pools = pools;
        this.rejectionExecutor = rejectionExecutor;
        this.closed = closed;
        this.replyChannel = replyChannel;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public long instanceId()
    {
        return settings.instanceId();
    }

    /**
     * @return "host:port" of the node the executor is linked to now (or trying to register with).
     */
    public String linkedEndpoint()
    {
        return agent.linkedEndpoint();
    }

    /**
     * @return the node endpoints the executor may turn to: those configured, then those the nodes listed.
     */
    public List<String> knownEndpoints()
    {
        return agent.knownEndpoints();
    }

    /**
     * @return true once the node has accepted the Register (RegisterAck ACCEPTED), until the link is lost.
     */
    public boolean isRegistered()
    {
        return agent.isRegistered();
    }

    /**
     * @return Succeeded and Failed callbacks sent so far.
     */
    public long jobsCompleted()
    {
        return agent.jobsCompleted();
    }

    /**
     * @return dispatches and cancels refused because they carried a fencing token older than the newest this
     * instance has seen for the job: messages from a stale lease, never acted on.
     */
    public long staleMessages()
    {
        return agent.staleMessages();
    }

    /**
     * @return Succeeded and Failed callbacks sent again to a node after the executor switched to it (or registered
     * with it again after losing the link), in case the node they first went to was already gone. A replay of a
     * callback that did arrive is refused by the node as stale, so this counts attempts, not rescued jobs.
     */
    public long callbacksReplayed()
    {
        return agent.callbacksReplayed();
    }

    /**
     * @return true once the node sent Drain: running jobs finish, new dispatches fail as retryable.
     */
    public boolean isDraining()
    {
        return agent.isDraining();
    }

    /**
     * @return the channel the node replies on, with its port resolved.
     */
    public String replyChannel()
    {
        return replyChannel;
    }

    /**
     * Stop polling and the workers (running jobs are interrupted), then close the client's own media driver.
     * Callbacks not yet sent are abandoned; the node's lease expiry covers those jobs. Use Drain from the node
     * for a graceful stop. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }

        rejectionExecutor.shutdownNow();
        pools.forEach(ExecutorService::shutdownNow);
        final long deadlineMs = System.currentTimeMillis() + WORKER_STOP_TIMEOUT_MS;
        for (final ExecutorService pool : pools)
        {
            awaitTermination(pool, deadlineMs);
        }
        awaitTermination(rejectionExecutor, deadlineMs);

        CloseHelper.quietClose(agentRunner);
        CloseHelper.quietClose(ownedDriver);
        LOG.info("Executor instance {} closed after {} jobs", settings.instanceId(), agent.jobsCompleted());
    }

    private static void awaitTermination(final ExecutorService pool, final long deadlineMs)
    {
        try
        {
            final long remainingMs = Math.max(1, deadlineMs - System.currentTimeMillis());
            if (!pool.awaitTermination(remainingMs, TimeUnit.MILLISECONDS))
            {
                LOG.warn("Worker threads did not stop within {} ms", WORKER_STOP_TIMEOUT_MS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Configures and starts an {@link ExecutorClient}.
     */
    public static final class Builder
    {
        private List<String> nodeEndpoints = List.of();
        private long instanceId;
        private String deploymentName = "default";
        private String owner = "";
        private String token = "";
        private ExecutorDeclaration declared = ExecutorDeclaration.NONE;
        private String version = "";
        private final Set<String> capabilities = new LinkedHashSet<>();
        private final Map<String, Integer> slotsByClass = new LinkedHashMap<>();
        private final Map<String, Integer> threadsByClass = new HashMap<>();
        private JobHandler defaultHandler;
        private final Map<String, JobHandler> handlersByClass = new HashMap<>();
        private int heartbeatIntervalMs = 1000;
        private String aeronDirectoryName;
        private Aeron aeron;
        private String replyHost = "127.0.0.1";
        private int nodeLossTimeoutMs = Integer.getInteger(NODE_LOSS_TIMEOUT_PROP_NAME, DEFAULT_NODE_LOSS_TIMEOUT_MS);
        private Integer callbackReplayWindowMs = Integer.getInteger(CALLBACK_REPLAY_WINDOW_PROP_NAME);

        private Builder()
        {
        }

        /**
         * @param hostPort the node's endpoint, e.g. "127.0.0.1:40123", or several separated by commas. Required
         *                 (or {@link #nodeEndpoints(List)}).
         */
        public Builder nodeEndpoint(final String hostPort)
        {
            this.nodeEndpoints = null == hostPort ? List.of() : KnownEndpoints.parse(hostPort);
            return this;
        }

        /**
         * @param hostPorts endpoints of the cluster's nodes, "host:port" each; the executor registers with the
         *                  first, then follows redirects to the scheduling owner, and turns to the next one when
         *                  its node is lost. Nodes tell it the rest of the cluster as well.
         */
        public Builder nodeEndpoints(final List<String> hostPorts)
        {
            this.nodeEndpoints = KnownEndpoints.parse(String.join(",", hostPorts));
            return this;
        }

        /**
         * @param id non-zero instance id; default a random positive one.
         */
        public Builder instanceId(final long id)
        {
            this.instanceId = id;
            return this;
        }

        public Builder deploymentName(final String deploymentName)
        {
            this.deploymentName = Objects.requireNonNull(deploymentName, "deploymentName");
            return this;
        }

        /**
         * @param token the executor token the node checks when this instance registers (an executor-tokens file
         *              line, or the cluster's generated one in ~/.weft/executor-token); without a valid one the
         *              node refuses the link.
         */
        /** What the instance declares of itself (configuration epoch, endpoints, resources, configuration). */
        public Builder declare(final ExecutorDeclaration declared)
        {
            this.declared = Objects.requireNonNull(declared, "declared");
            return this;
        }

        public Builder token(final String token)
        {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public Builder owner(final String owner)
        {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        public Builder version(final String version)
        {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        public Builder capabilities(final Set<String> capabilities)
        {
            this.capabilities.clear();
            this.capabilities.addAll(capabilities);
            return this;
        }

        /**
         * Declare {@code count} slots of {@code executorClass}; repeatable, a class given twice keeps the last count.
         */
        public Builder slots(final String executorClass, final int count)
        {
            slotsByClass.put(executorClass, checkedCount("slot", executorClass, count));
            return this;
        }

        /**
         * Run {@code executorClass}'s jobs on {@code count} worker threads instead of one per slot. Slots are how
         * many jobs the node may send at once; threads are what this process pays for them. Give fewer threads for
         * handlers that finish quickly or never block, so a class of a thousand slots does not cost a thousand
         * threads; jobs beyond the threads wait here, in arrival order, holding their slot and lease. A count above
         * the class's slots is cut to them.
         */
        public Builder threads(final String executorClass, final int count)
        {
            threadsByClass.put(executorClass, checkedCount("thread", executorClass, count));
            return this;
        }

        private static int checkedCount(final String what, final String executorClass, final int count)
        {
            if (null == executorClass || executorClass.isEmpty())
            {
                throw new IllegalArgumentException("executorClass must not be empty");
            }
            if (count <= 0)
            {
                throw new IllegalArgumentException(what + " count for " + executorClass + " must be positive: " + count);
            }
            return count;
        }

        /**
         * Handler for every class without its own.
         */
        public Builder handler(final JobHandler handler)
        {
            this.defaultHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public Builder handler(final String executorClass, final JobHandler handler)
        {
            handlersByClass.put(
                Objects.requireNonNull(executorClass, "executorClass"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        public Builder heartbeatIntervalMs(final int intervalMs)
        {
            if (intervalMs <= 0)
            {
                throw new IllegalArgumentException("heartbeatIntervalMs must be positive: " + intervalMs);
            }
            this.heartbeatIntervalMs = intervalMs;
            return this;
        }

        /**
         * Directory for the client's own embedded media driver; default a unique one. Anything in it is deleted.
         */
        public Builder aeronDirectoryName(final String dir)
        {
            this.aeronDirectoryName = dir;
            return this;
        }

        /**
         * Use an existing Aeron client (and its driver) instead of launching one, e.g. to run many executors in one
         * load-test JVM. The client is not closed by {@link ExecutorClient#close()}.
         */
        public Builder aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /**
         * How long a silent node counts as alive, applied to the client's own media driver (not to one given with
         * {@link #aeron(Aeron)}); default {@value ExecutorClient#DEFAULT_NODE_LOSS_TIMEOUT_MS} ms, or the system
         * property {@value ExecutorClient#NODE_LOSS_TIMEOUT_PROP_NAME}. Shorter finds a new node sooner after a
         * crash; too short and a loaded machine or a GC pause on the node makes executors switch node needlessly.
         */
        public Builder nodeLossTimeoutMs(final int timeoutMs)
        {
            if (timeoutMs <= 0)
            {
                throw new IllegalArgumentException("nodeLossTimeoutMs must be positive: " + timeoutMs);
            }
            this.nodeLossTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * How long a sent Succeeded or Failed is kept for replay: when a node accepts the executor after its link
         * switched or was lost, the callbacks sent on the earlier link within this window go again to the new node,
         * since a job that finished just before its node was noticed dead sent its callback into the void. Default
         * the system property {@value ExecutorClient#CALLBACK_REPLAY_WINDOW_PROP_NAME} if set, else the larger of
         * {@value ExecutorClient#DEFAULT_CALLBACK_REPLAY_WINDOW_MS} ms and twice the node-loss timeout plus
         * {@value ExecutorClient#CALLBACK_REPLAY_WINDOW_SLACK_MS} ms. At most
         * {@value RecentCallbacks#MAX_ENTRIES} callbacks (and 32 MiB of results) are kept, the oldest dropped
         * first. 0 keeps none and replays nothing.
         */
        public Builder callbackReplayWindowMs(final int windowMs)
        {
            if (windowMs < 0)
            {
                throw new IllegalArgumentException("callbackReplayWindowMs must not be negative: " + windowMs);
            }
            this.callbackReplayWindowMs = windowMs;
            return this;
        }

        /**
         * Host the node replies to; default 127.0.0.1. The port is ephemeral.
         */
        public Builder replyHost(final String host)
        {
            this.replyHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Validate, connect and start polling; registration with the node proceeds in the background (see
         * {@link ExecutorClient#isRegistered()}).
         */
        public ExecutorClient start()
        {
            if (nodeEndpoints.isEmpty())
            {
                throw new IllegalStateException("nodeEndpoint is required");
            }
            if (nodeLossTimeoutMs <= 0)
            {
                throw new IllegalStateException("nodeLossTimeoutMs must be positive: " + nodeLossTimeoutMs);
            }
            final int replayWindowMs = null != callbackReplayWindowMs ? callbackReplayWindowMs :
                (int)Math.min(Integer.MAX_VALUE, Math.max(
                    DEFAULT_CALLBACK_REPLAY_WINDOW_MS, 2L * nodeLossTimeoutMs + CALLBACK_REPLAY_WINDOW_SLACK_MS));
            if (replayWindowMs < 0)
            {
                throw new IllegalStateException("callbackReplayWindowMs must not be negative: " + replayWindowMs);
            }
            if (slotsByClass.isEmpty())
            {
                throw new IllegalStateException("at least one executor class with slots is required");
            }
            for (final String executorClass : threadsByClass.keySet())
            {
                if (!slotsByClass.containsKey(executorClass))
                {
                    throw new IllegalStateException("threads given for executor class " + executorClass + ", which has no slots");
                }
            }
            for (final String executorClass : slotsByClass.keySet())
            {
                if (null == defaultHandler && !handlersByClass.containsKey(executorClass))
                {
                    throw new IllegalStateException("no handler for executor class " + executorClass);
                }
            }
            for (final String capability : capabilities)
            {
                if (capability.contains(","))
                {
                    throw new IllegalStateException("capability must not contain ',': " + capability);
                }
            }

            final long id = 0 != instanceId ? instanceId : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            final ExecutorClientSettings settings = new ExecutorClientSettings(
                id,
                deploymentName,
                owner,
                version,
                Collections.unmodifiableSet(new LinkedHashSet<>(capabilities)),
                Collections.unmodifiableMap(new LinkedHashMap<>(slotsByClass)),
                Map.copyOf(threadsByClass),
                Map.copyOf(handlersByClass),
                defaultHandler,
                heartbeatIntervalMs,
                replayWindowMs,
                token,
                declared);

            EmbeddedMediaDriver ownedDriver = null;
            Subscription subscription = null;
            Publication publication = null;
            final List<ExecutorService> pools = new ArrayList<>();
            ExecutorService rejectionExecutor = null;
            try
            {
                final Aeron client;
                if (null != aeron)
                {
                    client = aeron;
                }
                else
                {
                    ownedDriver = EmbeddedMediaDriver.launch(
                        aeronDirectoryName, TimeUnit.MILLISECONDS.toNanos(nodeLossTimeoutMs));
                    client = ownedDriver.aeron();
                }

                subscription = client.addSubscription(
                    TransportChannels.udpChannel(replyHost + ":0"), TransportChannels.EXECUTOR_STREAM_ID);
                final String replyChannel = awaitResolvedChannel(subscription);
                final KnownEndpoints knownEndpoints = new KnownEndpoints(nodeEndpoints);
                final NodeLink link = addFirstLink(client, nodeEndpoints);
                publication = link.publication();

                final Map<String, ExecutorService> poolsByClass = new HashMap<>();
                for (final Map.Entry<String, Integer> entry : settings.slotsByClass().entrySet())
                {
                    final ExecutorService pool = Executors.newFixedThreadPool(
                        settings.threadsFor(entry.getKey()), threadFactory("weft-job-" + entry.getKey() + "-"));
                    pools.add(pool);
                    poolsByClass.put(entry.getKey(), pool);
                }
                rejectionExecutor = Executors.newSingleThreadExecutor(threadFactory("weft-job-reject-"));

                final AtomicBoolean closed = new AtomicBoolean();
                final ExecutorClientAgent agent = new ExecutorClientAgent(
                    settings,
                    client,
                    subscription,
                    link,
                    knownEndpoints,
                    replyChannel,
                    poolsByClass,
                    rejectionExecutor,
                    closed);
                // The max park bounds dispatch latency when idle without spinning a core on a small machine.
                final AgentRunner agentRunner = new AgentRunner(
                    new BackoffIdleStrategy(
                        100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)),
                    throwable -> LOG.error("Executor instance {} agent error", id, throwable),
                    null,
                    agent);
                AgentRunner.startOnThread(agentRunner);
                LOG.info("Executor instance {} started: nodes {}, reply channel {}, slots {}",
                    id, nodeEndpoints, replyChannel, settings.slotsByClass());

                return new ExecutorClient(
                    settings, ownedDriver, agent, agentRunner, pools, rejectionExecutor, closed, replyChannel);
            }
            catch (final RuntimeException ex)
            {
                pools.forEach(ExecutorService::shutdownNow);
                if (null != rejectionExecutor)
                {
                    rejectionExecutor.shutdownNow();
                }
                CloseHelper.quietCloseAll(publication, subscription, ownedDriver);
                throw ex;
            }
        }

        /**
         * Link to the first endpoint the driver takes; one that cannot be resolved is passed over rather than
         * failing the start, since a node may be gone while the others are up.
         */
        private static NodeLink addFirstLink(final Aeron client, final List<String> endpoints)
        {
            RuntimeException firstFailure = null;
            for (final String endpoint : endpoints)
            {
                try
                {
                    final Publication publication = client.addPublication(
                        TransportChannels.udpChannel(endpoint), TransportChannels.NODE_STREAM_ID);
                    return new NodeLink(endpoint, publication);
                }
                catch (final RuntimeException ex)
                {
                    if (null == firstFailure)
                    {
                        firstFailure = ex;
                    }
                    else
                    {
                        firstFailure.addSuppressed(ex);
                    }
                    LOG.warn("Cannot link to the node at {}: {}", endpoint, ex.getMessage());
                }
            }
            throw firstFailure;
        }

        private static String awaitResolvedChannel(final Subscription subscription)
        {
            final long deadlineNs = System.nanoTime() + RESOLVE_ENDPOINT_TIMEOUT_NS;
            final YieldingIdleStrategy idleStrategy = new YieldingIdleStrategy();
            String channel;
            while (null == (channel = subscription.tryResolveChannelEndpointPort()))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("Endpoint of " + subscription.channel() + " did not resolve");
                }
                idleStrategy.idle();
            }
            return channel;
        }

        private static ThreadFactory threadFactory(final String prefix)
        {
            final AtomicInteger counter = new AtomicInteger();
            return runnable ->
            {
                final Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
                // Workers must never keep a JVM alive on their own; the client's lifecycle owns them.
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
