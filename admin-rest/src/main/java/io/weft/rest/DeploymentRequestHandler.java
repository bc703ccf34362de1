package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** The deployments view and the drain and resume of a deployment or one of its nodes. */
final class DeploymentRequestHandler
{
    private final DeploymentsApi deployments;
    private final ReadOffloader reads;

    DeploymentRequestHandler(final DeploymentsApi deployments, final ReadOffloader reads)
    {
        this.deployments = deployments;
        this.reads = reads;
    }

    void overview(final RestExchange exchange)
    {
        reads.offload(exchange, deployments::overview);
    }

    void find(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        reads.offload(exchange, () -> found(() -> deployments.deployment(name)));
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
        reads.offload(exchange, HttpResponseStatus.ACCEPTED, () -> found(() -> {
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

    private static Object found(final java.util.concurrent.Callable<Object> read) throws Exception
    {
        try
        {
            return read.call();
        }
        catch (final NoSuchElementException ex)
        {
            throw HttpProblem.of(ProblemType.NOT_FOUND, ex.getMessage()).toException();
        }
    }
}
