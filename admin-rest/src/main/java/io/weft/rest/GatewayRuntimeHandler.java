package io.weft.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.fabric.GatewayIdentity;
import io.weft.fabric.gateway.CapacityReport;
import io.weft.fabric.gateway.DeploymentList;
import io.weft.fabric.gateway.GatewayHealthReply;
import io.weft.fabric.gateway.GatewayRuntime;
import io.weft.fabric.gateway.RuntimeCapabilities;
import io.weft.fabric.gateway.SchedulerState;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.PauseState;
import io.weft.scheduler.api.SchedulerApi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The gateway API's read side: {@code health}, {@code runtime}, {@code deployments}, {@code capacity} and
 * {@code scheduler}. Health answers on the event loop without consulting anything, like {@code /health}; the
 * others read the scheduler's executor view, which may come from the grid, so they run on the worker pool.
 */
final class GatewayRuntimeHandler
{
    private final SchedulerApi api;
    private final GatewayIdentity identity;
    private final Executor workers;
    private final Clock clock;

    GatewayRuntimeHandler(final SchedulerApi api, final GatewayIdentity identity, final Executor workers, final Clock clock)
    {
        this.api = api;
        this.identity = identity;
        this.workers = workers;
        this.clock = clock;
    }

    void health(final RestExchange exchange)
    {
        FabricResponder.json(exchange, HttpResponseStatus.OK,
            new GatewayHealthReply(GatewayHealthReply.UP, identity.clusterId(), identity.nodeId(), clock.instant()));
    }

    void runtime(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, FabricResponder.supply(() ->
        {
            final List<String> classes = new ArrayList<>();
            for (final ExecutorView executor : api.executors())
            {
                if (DeploymentList.LOST.equals(executor.status()) || executor.slots() == null)
                {
                    continue;
                }
                executor.slots().forEach(slot -> classes.add(slot.executorClass()));
            }
            return new GatewayRuntime(
                identity.clusterId(), identity.nodeId(), identity.version(), identity.serviceType(),
                new RuntimeCapabilities(classes, identity.features()));
        }, workers));
    }

    void deployments(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            FabricResponder.supply(() -> DeploymentList.of(api.executors()), workers));
    }

    void capacity(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            FabricResponder.supply(() -> CapacityReport.of(api.executors()), workers));
    }

    void scheduler(final RestExchange exchange)
    {
        final PauseState state = api.pauseState();
        FabricResponder.json(exchange, HttpResponseStatus.OK,
            new SchedulerState(state.schedulerPaused(), new ArrayList<>(state.pausedClasses())));
    }
}
