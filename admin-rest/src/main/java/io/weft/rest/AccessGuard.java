package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.weft.rest.security.AuditEntry;
import io.weft.rest.security.AuditLog;
import io.weft.rest.security.Authenticator;
import io.weft.rest.security.Permission;
import io.weft.rest.security.Principal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Puts every route behind its permission: a request without a valid bearer token is refused 401 with a
 * {@code WWW-Authenticate} challenge (RFC 6750), one whose principal's role lacks the permission 403. Neither answer
 * nor log ever holds the token. Each refusal, and each request that may change state (POST, PATCH, DELETE) with
 * the status it was answered with, goes to the {@link AuditLog}.
 */
final class AccessGuard
{
    static final String REALM = "weft";

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final boolean metricsOpen;
    private final String nodeId;

    AccessGuard(final Authenticator authenticator, final AuditLog audit, final boolean metricsOpen, final String nodeId)
    {
        this.authenticator = authenticator;
        this.audit = audit;
        this.metricsOpen = metricsOpen;
        this.nodeId = nodeId;
    }

    /** The same table with every route behind its permission. */
    RouteTable apply(final RouteTable table)
    {
        final RouteTable.Builder builder = RouteTable.builder();
        for (final RouteTable.Route route : table.routes())
        {
            final Permission permission = RoutePermissions.of(route.method(), route.template());
            final boolean open = permission == null || permission == Permission.OPEN
                || (metricsOpen && route.template().equals(RestPaths.PROMETHEUS));
            builder.add(route.method(), route.template(),
                open ? route.handler() : guard(route.handler(), permission, route.method().name() + " " + route.template()));
        }
        return builder.build();
    }

    private RequestHandler guard(final RequestHandler handler, final Permission permission, final String action)
    {
        final boolean mutation = !action.startsWith("GET ");
        return exchange ->
        {
            final String token = bearer(exchange.header(HttpHeaderNames.AUTHORIZATION));
            final Principal principal = token == null ? null : authenticator.authenticate(token);
            if (principal == null)
            {
                record(null, action, exchange, "unauthenticated");
                throw HttpProblem.of(ProblemType.UNAUTHORIZED, token == null
                        ? "this endpoint needs an 'Authorization: Bearer <token>' header"
                        : "the bearer token is not valid")
                    .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(),
                        token == null ? "Bearer realm=\"" + REALM + "\"" : "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"")
                    .toException();
            }
            if (!principal.role().may(permission))
            {
                record(principal, action, exchange, "forbidden");
                throw HttpProblem.of(ProblemType.FORBIDDEN,
                    "role " + principal.role().roleName() + " of '" + principal.name() + "' may not " + describe(permission)).toException();
            }
            exchange.principal(principal);
            if (mutation)
            {
                exchange.onStatus(status -> record(principal, action, exchange, Integer.toString(status)));
            }
            handler.handle(exchange);
        };
    }

    private void record(final Principal principal, final String action, final RestExchange exchange, final String outcome)
    {
        audit.record(new AuditEntry(System.currentTimeMillis(), principal == null ? null : principal.name(),
            principal == null ? null : principal.role().roleName(), action, exchange.path(), remote(exchange), outcome,
            exchange.header(OwnerForwardingHandler.FORWARDED_HEADER), nodeId));
    }

    static String remote(final RestExchange exchange)
    {
        final SocketAddress address = exchange.remoteAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    private static String describe(final Permission permission)
    {
        return switch (permission)
        {
            case SUBMIT_DAGS -> "submit DAGs";
            case READ_DAGS -> "read DAGs and jobs";
            case CANCEL -> "cancel DAGs or jobs";
            case PAUSE_DAGS -> "pause or resume DAGs";
            case OPERATE_SCHEDULER -> "pause or resume the scheduler or its classes";
            case READ_INFRASTRUCTURE -> "read infrastructure views (executors, cluster, metrics, latency, capacity)";
            case FABRIC_READ -> "read the Runtime Fabric";
            case FABRIC_FAN_OUT -> "run fabric operations (validation, health checks, pause and resume fan-out)";
            case FABRIC_EXECUTE -> "run templates";
            case FABRIC_WRITE -> "change fabric groups, gateways or publications";
            case READ_AUDIT -> "read the audit trail";
            case MANAGE_DEPLOYMENTS -> "declare or withdraw desired deployment states";
            case OPEN -> "call this";
        };
    }

    static String bearer(final String authorization)
    {
        if (authorization == null)
        {
            return null;
        }
        final String value = authorization.trim();
        if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            return null;
        }
        final String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
