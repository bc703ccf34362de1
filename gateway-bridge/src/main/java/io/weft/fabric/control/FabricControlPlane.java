package io.weft.fabric.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.DriftReport;
import io.weft.fabric.Environment;
import io.weft.fabric.ExecutionRecord;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.FabricProblem;
import io.weft.fabric.FanOutResult;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayDraft;
import io.weft.fabric.GatewayHealth;
import io.weft.fabric.GatewayView;
import io.weft.fabric.GroupDeletion;
import io.weft.fabric.GroupDraft;
import io.weft.fabric.GroupHealth;
import io.weft.fabric.GroupView;
import io.weft.fabric.HealthSummary;
import io.weft.fabric.Publication;
import io.weft.fabric.ServiceType;
import io.weft.fabric.ValidationReport;
import io.weft.fabric.gateway.ExecutionRequest;
import io.weft.fabric.gateway.GatewayCallException;
import io.weft.fabric.gateway.GatewayClient;
import io.weft.fabric.gateway.GatewayHealthMonitor;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import io.weft.fabric.template.TemplateDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Runtime Fabric control plane of one node: the registry of groups and gateways, the health monitor, and the
 * operations, behind one asynchronous facade the HTTP layer calls. Every method returns at once; store access
 * runs on a small pool of its own (bounded: when it is full the future fails with a
 * {@link java.util.concurrent.RejectedExecutionException}) and gateway calls are asynchronous.
 */
public final class FabricControlPlane implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FabricControlPlane.class);

    public static final String LOCAL_GATEWAY_ID = "local";

    private final Context context;
    private final FabricStores stores;
    private final GatewayTokenResolver tokens;
    private final ThreadPoolExecutor blocking;
    private final GatewayClient client;
    private final GatewayHealthMonitor health;
    private final FabricRegistry registry;
    private final FabricOperations operations;

    private FabricControlPlane(final Context context)
    {
        this.context = context;
        this.stores = context.stores();
        this.tokens = context.tokens();
        final AtomicInteger count = new AtomicInteger();
        this.blocking = new ThreadPoolExecutor(
            context.workerThreads(), context.workerThreads(), 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(context.workerQueueCapacity()),
            runnable ->
            {
                final Thread thread = new Thread(runnable, "weft-fabric-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        this.client = new GatewayClient(
            Duration.ofMillis(context.connectTimeoutMs()), Duration.ofMillis(context.requestTimeoutMs()), context.sslContext());
        this.health = new GatewayHealthMonitor(stores.gateways(), client, tokens, context.healthIntervalMs(), context.clock());
        this.registry = new FabricRegistry(stores, tokens, context.clock());
        this.operations = new FabricOperations(registry, stores, client, health, tokens, blocking, context.clock());
    }

    /** Who hears of each completed validation, publication, drift check, fan-out and execution. */
    public void operationListener(final FabricOperationListener listener)
    {
        operations.listener(listener);
    }

    /** Creates the default groups if missing and starts the health checks. */
    public static FabricControlPlane start(final Context context)
    {
        context.conclude();
        final FabricControlPlane controlPlane = new FabricControlPlane(context);
        try
        {
            controlPlane.registry.ensureDefaultGroups();
            controlPlane.health.start();
        }
        catch (final RuntimeException ex)
        {
            controlPlane.close();
            throw ex;
        }
        LOG.info("Runtime Fabric control plane up; gateway health checked every {} ms", context.healthIntervalMs());
        return controlPlane;
    }

    /**
     * Registers this node's own gateway API as gateway {@code local} in {@code default-development}, unless a
     * gateway of that id exists (another node of the cluster registered first). Blocks on the store.
     */
    public boolean registerLocalGateway(final String url, final String nodeId)
    {
        final var now = context.clock().instant();
        final Gateway local = new Gateway(
            LOCAL_GATEWAY_ID, "This node (" + nodeId + ")", url, Environment.DEVELOPMENT, null, ServiceType.READ_WRITE,
            true, Environment.DEVELOPMENT.defaultGroupId(), now, now);
        final boolean registered = registry.registerIfAbsent(local);
        if (registered)
        {
            LOG.info("registered this node as gateway '{}' at {} in {}", LOCAL_GATEWAY_ID, url, local.groupId());
            // Checked now rather than at the next round, so the embedded default is UP from the start.
            health.check(local);
        }
        return registered;
    }

    public long healthIntervalMs()
    {
        return health.intervalMs();
    }

    // ------------------------------------------------------------------------------------------------ groups

    public CompletableFuture<List<GroupView>> groups()
    {
        return onStore(() ->
        {
            final List<Gateway> gateways = registry.gateways();
            final Map<String, ValidationReport> validations = new HashMap<>();
            stores.validations().list().forEach(report -> validations.put(report.groupId(), report));
            final List<GroupView> views = new ArrayList<>();
            for (final FabricGroup group : registry.groups())
            {
                final List<Gateway> members = gateways.stream().filter(g -> g.groupId().equals(group.groupId())).toList();
                views.add(view(group, members, validations.get(group.groupId())));
            }
            return views;
        });
    }

    public CompletableFuture<GroupView> group(final String groupId)
    {
        return onStore(() -> view(registry.group(groupId)));
    }

    public CompletableFuture<GroupView> createGroup(final GroupDraft draft)
    {
        return onStore(() -> view(registry.createGroup(draft)));
    }

    public CompletableFuture<GroupView> updateGroup(final String groupId, final GroupDraft draft)
    {
        return onStore(() -> view(registry.updateGroup(groupId, draft)));
    }

    public CompletableFuture<GroupDeletion> deleteGroup(final String groupId)
    {
        return onStore(() -> registry.deleteGroup(groupId));
    }

    public CompletableFuture<List<GatewayView>> members(final String groupId)
    {
        return onStore(() ->
        {
            registry.group(groupId);
            return registry.members(groupId).stream().map(this::view).toList();
        });
    }

    public CompletableFuture<GatewayView> assign(final String groupId, final String gatewayId)
    {
        return onStore(() -> view(registry.assign(groupId, gatewayId)));
    }

    public CompletableFuture<GroupHealth> health(final String groupId)
    {
        return onStore(() ->
        {
            registry.group(groupId);
            final List<GatewayHealth> checks = registry.members(groupId).stream()
                .filter(Gateway::enabled)
                .map(gateway -> health.current(gateway.gatewayId()))
                .toList();
            return new GroupHealth(groupId, HealthSummary.of(checks), checks);
        });
    }

    public CompletableFuture<ValidationReport> validate(final String groupId)
    {
        return operations.validate(groupId);
    }

    /** The last validation, or an UNKNOWN report when the group was never validated. */
    public CompletableFuture<ValidationReport> validation(final String groupId)
    {
        return onStore(() ->
        {
            registry.group(groupId);
            return stores.validations().find(groupId).orElseGet(() -> ValidationReport.neverValidated(groupId, summary(groupId)));
        });
    }

    public CompletableFuture<Publication> publish(final String groupId, final TemplateDefinition template)
    {
        return operations.publish(groupId, template);
    }

    public CompletableFuture<List<Publication>> publications(final String groupId)
    {
        return onStore(() -> operations.publications(groupId));
    }

    public CompletableFuture<DriftReport> drift(final String groupId)
    {
        return operations.drift(groupId);
    }

    public CompletableFuture<FanOutResult> pause(final String groupId, final String executorClass)
    {
        return operations.pause(groupId, executorClass);
    }

    public CompletableFuture<FanOutResult> resume(final String groupId, final String executorClass)
    {
        return operations.resume(groupId, executorClass);
    }

    public CompletableFuture<ExecutionRecord> execute(final String groupId, final ExecutionRequest request)
    {
        return operations.execute(groupId, request);
    }

    /** Newest first; {@code groupId} null for every group. */
    public CompletableFuture<List<ExecutionRecord>> executions(final String groupId, final int limit)
    {
        return onStore(() -> stores.executions().list().stream()
            .filter(record -> groupId == null || record.groupId().equals(groupId))
            .sorted(Comparator.comparing(ExecutionRecord::createdAt).reversed().thenComparing(ExecutionRecord::executionId))
            .limit(limit)
            .toList());
    }

    public CompletableFuture<ExecutionRecord> execution(final String executionId)
    {
        return onStore(() -> stores.executions().find(executionId).orElseThrow(
            () -> FabricProblem.EXECUTION_NOT_FOUND.exception("no execution '" + abbreviate(executionId) + "'")));
    }

    // ---------------------------------------------------------------------------------------------- gateways

    public CompletableFuture<List<GatewayView>> gateways()
    {
        return onStore(() -> registry.gateways().stream().map(this::view).toList());
    }

    public CompletableFuture<GatewayView> gateway(final String gatewayId)
    {
        return onStore(() -> view(registry.gateway(gatewayId)));
    }

    public CompletableFuture<GatewayView> registerGateway(final GatewayDraft draft)
    {
        // Checked at once, so the answer already says whether the control plane can reach it.
        return onStore(() -> registry.registerGateway(draft)).thenCompose(this::checkedView);
    }

    public CompletableFuture<GatewayView> updateGateway(final String gatewayId, final GatewayDraft draft)
    {
        return onStore(() ->
        {
            final Gateway updated = registry.updateGateway(gatewayId, draft);
            // Its URL or state may have changed: the old result says nothing about the new target.
            health.forget(gatewayId);
            return updated;
        }).thenCompose(this::checkedView);
    }

    public CompletableFuture<Void> removeGateway(final String gatewayId)
    {
        return onStore(() ->
        {
            registry.removeGateway(gatewayId);
            health.forget(gatewayId);
            return null;
        });
    }

    /** Checks the gateway now, whatever the cache says. */
    public CompletableFuture<GatewayHealth> checkGateway(final String gatewayId)
    {
        return onStore(() -> registry.gateway(gatewayId)).thenCompose(health::check);
    }

    /**
     * Reads one gateway API resource of one gateway, for diagnostics, once the gateway passed a fresh health check.
     */
    public CompletableFuture<JsonNode> inspectGateway(final String gatewayId, final String gatewayPath)
    {
        return onStore(() -> registry.gateway(gatewayId)).thenCompose(gateway -> health.ensureChecked(gateway).thenCompose(checked ->
        {
            if (!checked.isUp())
            {
                throw FabricProblem.GATEWAY_FAILED.exception("gateway " + gatewayId + " is " + checked.describe() + "; not asked");
            }
            return client.get(gateway, tokens.tokenFor(gatewayId).orElse(null), gatewayPath)
                .handle((reply, failure) ->
                {
                    if (failure != null)
                    {
                        throw FabricOperations.relay(gateway, GatewayCallException.of(failure), List.of());
                    }
                    return reply.body();
                });
        }));
    }

    // ------------------------------------------------------------------------------------------------ views

    private CompletableFuture<GatewayView> checkedView(final Gateway gateway)
    {
        return gateway.enabled() ?
            health.check(gateway).thenApply(checked -> view(gateway)) : CompletableFuture.completedFuture(view(gateway));
    }

    private GroupView view(final FabricGroup group)
    {
        return view(group, registry.members(group.groupId()), stores.validations().find(group.groupId()).orElse(null));
    }

    private GroupView view(final FabricGroup group, final List<Gateway> members, final ValidationReport validation)
    {
        final HealthSummary summary = summaryOf(members);
        return GroupView.of(
            group,
            members.stream().map(Gateway::gatewayId).toList(),
            validation != null ? validation : ValidationReport.neverValidated(group.groupId(), summary),
            summary);
    }

    private GatewayView view(final Gateway gateway)
    {
        return GatewayView.of(gateway, tokens.hasToken(gateway.gatewayId()), health.current(gateway.gatewayId()));
    }

    private HealthSummary summary(final String groupId)
    {
        return summaryOf(registry.members(groupId));
    }

    private HealthSummary summaryOf(final List<Gateway> members)
    {
        return HealthSummary.of(members.stream()
            .filter(Gateway::enabled)
            .map(gateway -> health.current(gateway.gatewayId()))
            .toList());
    }

    private <T> CompletableFuture<T> onStore(final Supplier<T> work)
    {
        return FabricOperations.onStore(work, blocking);
    }

    private static String abbreviate(final String text)
    {
        return text == null || text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    @Override
    public void close()
    {
        health.close();
        blocking.shutdown();
        try
        {
            if (!blocking.awaitTermination(5, TimeUnit.SECONDS))
            {
                blocking.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            blocking.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    /** Settings with laptop defaults; {@link #conclude()} checks them when the control plane starts. */
    public static final class Context
    {
        private javax.net.ssl.SSLContext sslContext;
        public static final long DEFAULT_HEALTH_INTERVAL_MS = 5_000;
        public static final long DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
        public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
        public static final int DEFAULT_WORKER_THREADS = 4;
        public static final int DEFAULT_WORKER_QUEUE_CAPACITY = 1024;

        private FabricStores stores;
        private GatewayTokenResolver tokens;
        private Clock clock = Clock.systemUTC();
        private long healthIntervalMs = DEFAULT_HEALTH_INTERVAL_MS;
        private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
        private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int workerQueueCapacity = DEFAULT_WORKER_QUEUE_CAPACITY;

        public Context conclude()
        {
            Objects.requireNonNull(stores, "stores");
            Objects.requireNonNull(tokens, "tokens");
            Objects.requireNonNull(clock, "clock");
            requirePositive("healthIntervalMs", healthIntervalMs);
            requirePositive("connectTimeoutMs", connectTimeoutMs);
            requirePositive("requestTimeoutMs", requestTimeoutMs);
            requirePositive("workerThreads", workerThreads);
            requirePositive("workerQueueCapacity", workerQueueCapacity);
            return this;
        }

        private static void requirePositive(final String name, final long value)
        {
            if (value <= 0)
            {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
        }

        public Context stores(final FabricStores stores)
        {
            this.stores = stores;
            return this;
        }

        public FabricStores stores()
        {
            return stores;
        }

        public Context tokens(final GatewayTokenResolver tokens)
        {
            this.tokens = tokens;
            return this;
        }

        public GatewayTokenResolver tokens()
        {
            return tokens;
        }

        public Context clock(final Clock clock)
        {
            this.clock = clock;
            return this;
        }

        public Clock clock()
        {
            return clock;
        }

        /** How often every enabled gateway's health is checked; also how long a result counts as fresh. */
        public Context healthIntervalMs(final long healthIntervalMs)
        {
            this.healthIntervalMs = healthIntervalMs;
            return this;
        }

        public long healthIntervalMs()
        {
            return healthIntervalMs;
        }

        /** Which HTTPS gateways to trust; null: the JDK's default authorities. */
        public Context sslContext(final javax.net.ssl.SSLContext sslContext)
        {
            this.sslContext = sslContext;
            return this;
        }

        public javax.net.ssl.SSLContext sslContext()
        {
            return sslContext;
        }

        public Context connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        public long connectTimeoutMs()
        {
            return connectTimeoutMs;
        }

        /** The longest a gateway may take to answer; an execution waits for its DAG to be durable, so keep room. */
        public Context requestTimeoutMs(final long requestTimeoutMs)
        {
            this.requestTimeoutMs = requestTimeoutMs;
            return this;
        }

        public long requestTimeoutMs()
        {
            return requestTimeoutMs;
        }

        /** Threads for store access (grid reads and writes). */
        public Context workerThreads(final int workerThreads)
        {
            this.workerThreads = workerThreads;
            return this;
        }

        public int workerThreads()
        {
            return workerThreads;
        }

        public Context workerQueueCapacity(final int workerQueueCapacity)
        {
            this.workerQueueCapacity = workerQueueCapacity;
            return this;
        }

        public int workerQueueCapacity()
        {
            return workerQueueCapacity;
        }
    }
}
