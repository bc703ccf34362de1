package io.weft.rest;

import io.netty.handler.codec.http.HttpMethod;
import io.weft.fabric.gateway.GatewayPaths;
import io.weft.rest.security.Permission;

import java.util.HashMap;
import java.util.Map;

/**
 * The permission every route needs, in one table: docs/operations.md prints it as the role matrix and
 * {@code RoleMatrixTest} checks every cell over HTTP. A route missing here fails the server's start, so a new
 * endpoint cannot go out unguarded. The gateway API ({@code /gateway/v1}) keeps its own gateway token instead.
 */
final class RoutePermissions
{
    private static final Map<String, Permission> PERMISSIONS = new HashMap<>();

    static
    {
        put(HttpMethod.GET, RestPaths.HEALTH, Permission.OPEN);
        put(HttpMethod.POST, RestPaths.DAGS, Permission.SUBMIT_DAGS);
        put(HttpMethod.GET, RestPaths.DAG, Permission.READ_DAGS);
        put(HttpMethod.GET, RestPaths.JOBS, Permission.READ_DAGS);
        put(HttpMethod.GET, RestPaths.DEAD_LETTERS, Permission.READ_DAGS);
        put(HttpMethod.POST, RestPaths.DAG_CANCEL, Permission.CANCEL);
        put(HttpMethod.POST, RestPaths.JOB_CANCEL, Permission.CANCEL);
        put(HttpMethod.POST, RestPaths.DAG_PAUSE, Permission.PAUSE_DAGS);
        put(HttpMethod.POST, RestPaths.DAG_RESUME, Permission.PAUSE_DAGS);
        put(HttpMethod.GET, RestPaths.SCHEDULER, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.POST, RestPaths.SCHEDULER_PAUSE, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.POST, RestPaths.SCHEDULER_RESUME, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.POST, RestPaths.CLASS_PAUSE, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.POST, RestPaths.CLASS_RESUME, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.GET, RestPaths.METRICS, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.CLUSTER, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.EXECUTORS, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.LATENCY, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.LATENCY_SIGNAL, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.LATENCY_PLOT, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.CAPACITY, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.CAPACITY_PLOT, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.PROMETHEUS, Permission.READ_INFRASTRUCTURE);

        for (final String read : new String[] {FabricPaths.GROUPS, FabricPaths.GROUP, FabricPaths.GROUP_GATEWAYS, FabricPaths.GROUP_HEALTH,
            FabricPaths.GROUP_VALIDATION, FabricPaths.GROUP_PUBLICATIONS, FabricPaths.GROUP_DRIFT, FabricPaths.GROUP_EXECUTIONS,
            FabricPaths.EXECUTIONS, FabricPaths.EXECUTION, FabricPaths.GATEWAYS, FabricPaths.GATEWAY, FabricPaths.GATEWAY_RUNTIME,
            FabricPaths.GATEWAY_TEMPLATES, FabricPaths.GATEWAY_DEPLOYMENTS, FabricPaths.GATEWAY_CAPACITY, FabricPaths.GATEWAY_SCHEDULER})
        {
            put(HttpMethod.GET, read, Permission.FABRIC_READ);
        }
        put(HttpMethod.POST, FabricPaths.GROUP_VALIDATION, Permission.FABRIC_FAN_OUT);
        put(HttpMethod.POST, FabricPaths.GROUP_PAUSE, Permission.FABRIC_FAN_OUT);
        put(HttpMethod.POST, FabricPaths.GROUP_RESUME, Permission.FABRIC_FAN_OUT);
        put(HttpMethod.POST, FabricPaths.GATEWAY_HEALTH_CHECK, Permission.FABRIC_FAN_OUT);
        put(HttpMethod.POST, FabricPaths.GROUP_EXECUTIONS, Permission.FABRIC_EXECUTE);
        put(HttpMethod.POST, FabricPaths.GROUPS, Permission.FABRIC_WRITE);
        put(HttpMethod.PATCH, FabricPaths.GROUP, Permission.FABRIC_WRITE);
        put(HttpMethod.DELETE, FabricPaths.GROUP, Permission.FABRIC_WRITE);
        put(HttpMethod.POST, FabricPaths.GROUP_GATEWAYS, Permission.FABRIC_WRITE);
        put(HttpMethod.POST, FabricPaths.GROUP_PUBLICATIONS, Permission.FABRIC_WRITE);
        put(HttpMethod.POST, FabricPaths.GATEWAYS, Permission.FABRIC_WRITE);
        put(HttpMethod.PATCH, FabricPaths.GATEWAY, Permission.FABRIC_WRITE);
        put(HttpMethod.DELETE, FabricPaths.GATEWAY, Permission.FABRIC_WRITE);
        put(HttpMethod.GET, RestPaths.AUDIT, Permission.READ_AUDIT);
        put(HttpMethod.GET, RestPaths.EVENTS, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.HYBRID, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.HYBRID_LISTENER, Permission.FABRIC_READ);
        put(HttpMethod.POST, RestPaths.HYBRID_LISTENER_TOKEN, Permission.FABRIC_WRITE);
        put(HttpMethod.GET, RestPaths.DEPLOYMENTS, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.DEPLOYMENT, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.DEPLOYMENT_RECONCILIATION, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.GET, RestPaths.DEPLOYMENT_DESIRED, Permission.READ_INFRASTRUCTURE);
        put(HttpMethod.PUT, RestPaths.DEPLOYMENT_DESIRED, Permission.MANAGE_DEPLOYMENTS);
        put(HttpMethod.DELETE, RestPaths.DEPLOYMENT_DESIRED, Permission.MANAGE_DEPLOYMENTS);
        put(HttpMethod.POST, RestPaths.DEPLOYMENT_DRAIN, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.POST, RestPaths.DEPLOYMENT_RESUME, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.POST, RestPaths.DEPLOYMENT_NODE_DRAIN, Permission.OPERATE_SCHEDULER);
        put(HttpMethod.POST, RestPaths.DEPLOYMENT_NODE_RESUME, Permission.OPERATE_SCHEDULER);
    }

    private RoutePermissions()
    {
    }

    private static void put(final HttpMethod method, final String template, final Permission permission)
    {
        PERMISSIONS.put(OwnerRoutes.key(method, template), permission);
    }

    /** The route's permission; null for the gateway API and the hybrid listener's API, which guard themselves. Throws for a route not in the table. */
    static Permission of(final HttpMethod method, final String template)
    {
        if (template.startsWith(GatewayPaths.BASE) || template.startsWith(RestPaths.HYBRID_BASE + "/"))
        {
            return null;
        }
        final Permission permission = PERMISSIONS.get(OwnerRoutes.key(method, template));
        if (permission == null)
        {
            throw new IllegalStateException(method + " " + template + " has no permission in RoutePermissions: say who may call it");
        }
        return permission;
    }

    /** The whole table, for the docs and the role matrix test. */
    static Map<String, Permission> all()
    {
        return Map.copyOf(PERMISSIONS);
    }
}
