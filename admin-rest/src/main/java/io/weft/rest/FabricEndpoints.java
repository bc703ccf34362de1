package io.weft.rest;

import io.netty.handler.codec.http.HttpMethod;
import io.weft.fabric.FabricException;
import io.weft.fabric.GatewayIdentity;
import io.weft.fabric.control.FabricControlPlane;
import io.weft.fabric.gateway.GatewayPaths;
import io.weft.fabric.template.TemplateCatalog;
import io.weft.scheduler.api.SchedulerApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Runtime Fabric routes a node's HTTP bridge serves next to the DAG API: the gateway API under
 * {@code /gateway/v1} (always, behind the node's bearer token) and, when the node runs one, the control plane
 * under {@code /api/v1/fabric}. Pass it to {@link RestServer#start(RestServer.Context, SchedulerApi, FabricEndpoints)};
 * the server closes it. The control plane itself belongs to the caller, which closes it after the server.
 */
public final class FabricEndpoints implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FabricEndpoints.class);

    static final String WORKER_THREAD_PREFIX = "weft-gateway-api-";

    private final String gatewayToken;
    private final GatewayIdentity identity;
    private final TemplateCatalog templates;
    private final FabricControlPlane controlPlane;
    private final Clock clock;
    private final ThreadPoolExecutor workers;

    private FabricEndpoints(final Builder builder)
    {
        this.gatewayToken = Objects.requireNonNull(builder.gatewayToken, "gatewayToken");
        this.identity = Objects.requireNonNull(builder.identity, "identity");
        this.templates = Objects.requireNonNull(builder.templates, "templates");
        this.controlPlane = builder.controlPlane;
        this.clock = builder.clock;
        final AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
            builder.workerThreads, builder.workerThreads, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(builder.workerQueueCapacity),
            runnable ->
            {
                final Thread thread = new Thread(runnable, WORKER_THREAD_PREFIX + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** {@code base} with the gateway API and, if there is a control plane, its routes after it. */
    RouteTable extend(final RouteTable base, final JsonCodec json, final SchedulerApi api, final long submitAckTimeoutMs)
    {
        final RouteTable.Builder routes = RouteTable.builder();
        base.routes().forEach(route -> routes.add(route.method(), route.template(), route.handler()));
        final RouteTable.Builder fabricRoutes = RouteTable.builder();
        addRoutes(fabricRoutes, json, api, submitAckTimeoutMs);
        fabricRoutes.build().routes().forEach(route -> routes.add(route.method(), route.template(), problems(route.handler())));
        return routes.build();
    }

    /** The router answers {@link HttpProblemException}s; the fabric's own refusals are translated into them. */
    private static RequestHandler problems(final RequestHandler handler)
    {
        return exchange ->
        {
            try
            {
                handler.handle(exchange);
            }
            catch (final FabricException ex)
            {
                throw FabricResponder.problemOf(ex).toException();
            }
        };
    }

    private void addRoutes(final RouteTable.Builder routes, final JsonCodec json, final SchedulerApi api, final long submitAckTimeoutMs)
    {
        final FabricRequestReader reader = new FabricRequestReader(json);
        final TemplateDagValidator validator = new TemplateDagValidator(json, api);
        final GatewayAuthFilter auth = new GatewayAuthFilter(gatewayToken);

        final GatewayRuntimeHandler runtime = new GatewayRuntimeHandler(api, identity, workers, clock);
        final GatewaySchedulerHandler scheduler = new GatewaySchedulerHandler(api, reader);
        final GatewayTemplateHandler template =
            new GatewayTemplateHandler(templates, reader, validator, api, workers, submitAckTimeoutMs);
        routes
            .add(HttpMethod.GET, GatewayPaths.HEALTH, auth.protect(runtime::health))
            .add(HttpMethod.GET, GatewayPaths.RUNTIME, auth.protect(runtime::runtime))
            .add(HttpMethod.GET, GatewayPaths.TEMPLATES, auth.protect(template::list))
            .add(HttpMethod.POST, GatewayPaths.TEMPLATES, auth.protect(template::publish))
            .add(HttpMethod.GET, GatewayPaths.TEMPLATE, auth.protect(template::find))
            .add(HttpMethod.DELETE, GatewayPaths.TEMPLATE, auth.protect(template::remove))
            .add(HttpMethod.GET, GatewayPaths.SCHEDULER, auth.protect(runtime::scheduler))
            .add(HttpMethod.POST, GatewayPaths.SCHEDULER_PAUSE, auth.protect(scheduler::pause))
            .add(HttpMethod.POST, GatewayPaths.SCHEDULER_RESUME, auth.protect(scheduler::resume))
            .add(HttpMethod.GET, GatewayPaths.DEPLOYMENTS, auth.protect(runtime::deployments))
            .add(HttpMethod.GET, GatewayPaths.CAPACITY, auth.protect(runtime::capacity))
            .add(HttpMethod.POST, GatewayPaths.EXECUTIONS, auth.protect(template::execute));

        if (controlPlane == null)
        {
            return;
        }
        final FabricGroupHandler groups = new FabricGroupHandler(controlPlane, reader);
        final FabricGatewayHandler gateways = new FabricGatewayHandler(controlPlane, reader);
        final FabricOperationHandler operations = new FabricOperationHandler(controlPlane, reader, validator);
        routes
            .add(HttpMethod.GET, FabricPaths.GROUPS, groups::list)
            .add(HttpMethod.POST, FabricPaths.GROUPS, groups::create)
            .add(HttpMethod.GET, FabricPaths.GROUP, groups::find)
            .add(HttpMethod.PATCH, FabricPaths.GROUP, groups::update)
            .add(HttpMethod.DELETE, FabricPaths.GROUP, groups::delete)
            .add(HttpMethod.GET, FabricPaths.GROUP_GATEWAYS, groups::members)
            .add(HttpMethod.POST, FabricPaths.GROUP_GATEWAYS, groups::assign)
            .add(HttpMethod.GET, FabricPaths.GROUP_HEALTH, operations::health)
            .add(HttpMethod.GET, FabricPaths.GROUP_VALIDATION, operations::lastValidation)
            .add(HttpMethod.POST, FabricPaths.GROUP_VALIDATION, operations::validate)
            .add(HttpMethod.GET, FabricPaths.GROUP_PUBLICATIONS, operations::publications)
            .add(HttpMethod.POST, FabricPaths.GROUP_PUBLICATIONS, operations::publish)
            .add(HttpMethod.GET, FabricPaths.GROUP_DRIFT, operations::drift)
            .add(HttpMethod.POST, FabricPaths.GROUP_PAUSE, operations::pause)
            .add(HttpMethod.POST, FabricPaths.GROUP_RESUME, operations::resume)
            .add(HttpMethod.GET, FabricPaths.GROUP_EXECUTIONS, operations::groupExecutions)
            .add(HttpMethod.POST, FabricPaths.GROUP_EXECUTIONS, operations::execute)
            .add(HttpMethod.GET, FabricPaths.EXECUTIONS, operations::executions)
            .add(HttpMethod.GET, FabricPaths.EXECUTION, operations::execution)
            .add(HttpMethod.GET, FabricPaths.GATEWAYS, gateways::list)
            .add(HttpMethod.POST, FabricPaths.GATEWAYS, gateways::register)
            .add(HttpMethod.GET, FabricPaths.GATEWAY, gateways::find)
            .add(HttpMethod.PATCH, FabricPaths.GATEWAY, gateways::update)
            .add(HttpMethod.DELETE, FabricPaths.GATEWAY, gateways::remove)
            .add(HttpMethod.POST, FabricPaths.GATEWAY_HEALTH_CHECK, gateways::checkHealth)
            .add(HttpMethod.GET, FabricPaths.GATEWAY_RUNTIME, gateways.inspect(GatewayPaths.RUNTIME))
            .add(HttpMethod.GET, FabricPaths.GATEWAY_TEMPLATES, gateways.inspect(GatewayPaths.TEMPLATES))
            .add(HttpMethod.GET, FabricPaths.GATEWAY_DEPLOYMENTS, gateways.inspect(GatewayPaths.DEPLOYMENTS))
            .add(HttpMethod.GET, FabricPaths.GATEWAY_CAPACITY, gateways.inspect(GatewayPaths.CAPACITY))
            .add(HttpMethod.GET, FabricPaths.GATEWAY_SCHEDULER, gateways.inspect(GatewayPaths.SCHEDULER));
    }

    @Override
    public void close()
    {
        workers.shutdown();
        try
        {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS))
            {
                LOG.warn("gateway API work still running after 5 s; interrupting it");
                workers.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder
    {
        private String gatewayToken;
        private GatewayIdentity identity;
        private TemplateCatalog templates;
        private FabricControlPlane controlPlane;
        private Clock clock = Clock.systemUTC();
        private int workerThreads = 2;
        private int workerQueueCapacity = 256;

        /** The bearer token every gateway API request must carry. */
        public Builder gatewayToken(final String gatewayToken)
        {
            this.gatewayToken = gatewayToken;
            return this;
        }

        public Builder identity(final GatewayIdentity identity)
        {
            this.identity = identity;
            return this;
        }

        public Builder templates(final TemplateCatalog templates)
        {
            this.templates = templates;
            return this;
        }

        /** The control plane to serve under {@code /api/v1/fabric}; null serves the gateway API only. */
        public Builder controlPlane(final FabricControlPlane controlPlane)
        {
            this.controlPlane = controlPlane;
            return this;
        }

        public Builder clock(final Clock clock)
        {
            this.clock = clock;
            return this;
        }

        /** Threads for the gateway API's blocking work (template reads and writes in the grid). */
        public Builder workerThreads(final int workerThreads)
        {
            this.workerThreads = workerThreads;
            return this;
        }

        public Builder workerQueueCapacity(final int workerQueueCapacity)
        {
            this.workerQueueCapacity = workerQueueCapacity;
            return this;
        }

        public FabricEndpoints build()
        {
            if (workerThreads <= 0 || workerQueueCapacity <= 0)
            {
                throw new IllegalArgumentException("workerThreads and workerQueueCapacity must be positive");
            }
            return new FabricEndpoints(this);
        }
    }
}
