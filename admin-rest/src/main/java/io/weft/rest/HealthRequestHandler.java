package io.weft.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /health}: liveness of the HTTP bridge itself. Deliberately consults nothing behind it, so a slow grid
 * does not make load balancers drop a node that can still take submissions.
 */
final class HealthRequestHandler implements RequestHandler
{
    @Override
    public void handle(final RestExchange exchange)
    {
        exchange.respondJson(HttpResponseStatus.OK, ResponseBodies.Health.UP);
    }
}
