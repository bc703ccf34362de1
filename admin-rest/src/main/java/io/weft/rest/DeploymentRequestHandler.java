package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** The deployments view and the drain and resume of a deployment or one of its nodes. */
final class DeploymentRequestHandler
{
    private final DeploymentsApi deployments;
    private final ReadOffloader reads;

    private final JsonCodec json;

    DeploymentRequestHandler(final DeploymentsApi deployments, final ReadOffloader reads, final JsonCodec json)
    {
        this.deployments = deployments;
        this.reads = reads;
        this.json = json;
    }

    void reconciliation(final RestExchange exchange)
    {
        reads.offload(exchange, deployments::reconciliation);
    }

    void desired(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        reads.offload(exchange, () -> ReadOffloader.found(() -> deployments.desired(name)));
    }

    void putDesired(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        final String problem = io.weft.scheduler.api.IdentifierText.problem(name);
        if (problem != null)
        {
            throw HttpProblem.of(ProblemType.INVALID_ID, "deployment name " + problem).toException();
        }
        final com.fasterxml.jackson.databind.JsonNode body = json.readTree(exchange.body());
        final String principal = exchange.principal().name();
        reads.offloadResponse(exchange, () -> {
            try
            {
                final DeploymentsApi.DesiredChange change = deployments.putDesired(name, body, principal);
                return exchange.responses().json(change.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, change.view());
            }
            catch (final IllegalArgumentException ex)
            {
                throw HttpProblem.of(ProblemType.INVALID_FIELD_VALUE, ex.getMessage()).toException();
            }
        });
    }

    void deleteDesired(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        final String principal = exchange.principal().name();
        reads.offloadResponse(exchange, () -> {
            if (!deployments.deleteDesired(name, principal))
            {
                throw HttpProblem.of(ProblemType.NOT_FOUND, "deployment '" + name + "' has no desired state").toException();
            }
            return exchange.responses().empty(HttpResponseStatus.NO_CONTENT);
        });
    }

    void overview(final RestExchange exchange)
    {
        reads.offload(exchange, deployments::overview);
    }

    void find(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        reads.offload(exchange, () -> ReadOffloader.found(() -> deployments.deployment(name)));
    }

    void drain(final RestExchange exchange)
    {
        change(exchange, null, true);
    }

    void resume(final RestExchange exchange)
    {
        change(exchange, null, false);
    }

    void drainNode(final RestExchange exchange)
    {
        change(exchange, DagRequestHandler.parseId(exchange.pathParam("instanceId")), true);
    }

    void resumeNode(final RestExchange exchange)
    {
        change(exchange, DagRequestHandler.parseId(exchange.pathParam("instanceId")), false);
    }

    private void change(final RestExchange exchange, final Long instanceId, final boolean drain)
    {
        final String name = exchange.pathParam("name");
        reads.offload(exchange, HttpResponseStatus.ACCEPTED, () -> ReadOffloader.found(() -> {
            if (!deployments.drain(name, instanceId, drain))
            {
                throw HttpProblem.of(ProblemType.OVERLOADED, "the scheduler's queue is full; retry after a second")
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS).toException();
            }
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("deployment", name);
            body.put("instanceId", instanceId == null ? null : Long.toString(instanceId));
            body.put("draining", drain);
            body.put("status", drain ? "drain requested: nodes finish what they run and take no new work" : "resume requested");
            return body;
        }));
    }
}
