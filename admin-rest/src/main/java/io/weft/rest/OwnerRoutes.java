package io.weft.rest;

import io.netty.handler.codec.http.HttpMethod;
import io.weft.fabric.gateway.GatewayPaths;

import java.util.Set;

/**
 * The routes only the scheduler's owner can answer, in one place: what changes scheduling state, and what reads
 * state that lives in the owner's memory (connected executors, the core's counters). Everything else is read from
 * the grid by whichever node is asked.
 */
final class OwnerRoutes
{
    static final Set<String> OWNER_ONLY = Set.of(
        key(HttpMethod.POST, RestPaths.DAGS),
        key(HttpMethod.POST, RestPaths.DAG_CANCEL),
        key(HttpMethod.POST, RestPaths.DAG_PAUSE),
        key(HttpMethod.POST, RestPaths.DAG_RESUME),
        key(HttpMethod.POST, RestPaths.JOB_CANCEL),
        key(HttpMethod.GET, RestPaths.SCHEDULER),
        key(HttpMethod.GET, RestPaths.METRICS),
        key(HttpMethod.POST, RestPaths.SCHEDULER_PAUSE),
        key(HttpMethod.POST, RestPaths.SCHEDULER_RESUME),
        key(HttpMethod.POST, RestPaths.CLASS_PAUSE),
        key(HttpMethod.POST, RestPaths.CLASS_RESUME),
        key(HttpMethod.GET, RestPaths.EXECUTORS),
        key(HttpMethod.GET, RestPaths.CAPACITY),
        key(HttpMethod.GET, RestPaths.DEPLOYMENTS),
        key(HttpMethod.GET, RestPaths.DEPLOYMENT),
        key(HttpMethod.GET, RestPaths.DEPLOYMENT_RECONCILIATION),
        key(HttpMethod.POST, RestPaths.DEPLOYMENT_DRAIN),
        key(HttpMethod.POST, RestPaths.DEPLOYMENT_RESUME),
        key(HttpMethod.POST, RestPaths.DEPLOYMENT_NODE_DRAIN),
        key(HttpMethod.POST, RestPaths.DEPLOYMENT_NODE_RESUME),
        key(HttpMethod.GET, RestPaths.CAPACITY_PLOT),
        key(HttpMethod.GET, GatewayPaths.RUNTIME),
        key(HttpMethod.GET, GatewayPaths.SCHEDULER),
        key(HttpMethod.POST, GatewayPaths.SCHEDULER_PAUSE),
        key(HttpMethod.POST, GatewayPaths.SCHEDULER_RESUME),
        key(HttpMethod.GET, GatewayPaths.DEPLOYMENTS),
        key(HttpMethod.GET, GatewayPaths.CAPACITY),
        key(HttpMethod.POST, GatewayPaths.EXECUTIONS));

    private OwnerRoutes()
    {
    }

    static String key(final HttpMethod method, final String template)
    {
        return method.name() + " " + template;
    }

    /** Owner-only routes about one DAG, served by that DAG's owner. */
    static final Set<String> DAG_OWNER = Set.of(
        key(HttpMethod.POST, RestPaths.DAG_CANCEL),
        key(HttpMethod.POST, RestPaths.DAG_PAUSE),
        key(HttpMethod.POST, RestPaths.DAG_RESUME),
        key(HttpMethod.POST, RestPaths.JOB_CANCEL));

    /** The same table with every owner-only route's handler passed through {@code owned}, with the kind of owner. */
    static RouteTable apply(final RouteTable table, final java.util.function.BiFunction<RequestHandler, OwnerForwardingHandler.Kind, RequestHandler> owned)
    {
        final RouteTable.Builder builder = RouteTable.builder();
        for (final RouteTable.Route route : table.routes())
        {
            final String key = key(route.method(), route.template());
            final boolean ownerOnly = OWNER_ONLY.contains(key);
            final OwnerForwardingHandler.Kind kind = DAG_OWNER.contains(key) ? OwnerForwardingHandler.Kind.DAG
                : key.equals(key(HttpMethod.POST, RestPaths.DAGS)) ? OwnerForwardingHandler.Kind.SUBMIT : OwnerForwardingHandler.Kind.SCHEDULER;
            builder.add(route.method(), route.template(), ownerOnly ? owned.apply(route.handler(), kind) : route.handler());
        }
        return builder.build();
    }
}
