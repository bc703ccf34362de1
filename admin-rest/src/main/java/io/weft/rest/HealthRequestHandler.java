package io.weft.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.scheduler.api.SchedulerApi;

/**
 * {@code GET /health}: liveness of the HTTP bridge, and what an accepted DAG survives right now. It consults no
 * remote part (the member count is the grid member's local view), so a slow grid does not make load balancers
 * drop a node that can still take submissions.
 */
final class HealthRequestHandler implements RequestHandler
{
    private final SchedulerApi api;

    HealthRequestHandler(final SchedulerApi api)
    {
        this.api = api;
    }

    @Override
    public void handle(final RestExchange exchange)
    {
        exchange.respondJson(HttpResponseStatus.OK, ResponseBodies.Health.up(api.durability()));
    }
}
