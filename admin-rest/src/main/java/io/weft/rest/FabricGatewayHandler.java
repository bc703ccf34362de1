package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.fabric.control.FabricControlPlane;

import java.util.Map;

/**
 * Gateways: register, read, update, remove, check now, and read-only views of one gateway's API (runtime,
 * templates, deployments, capacity, scheduler) fetched through the control plane once the gateway passed its
 * health check. The control plane holds the token, so an admin never needs it.
 */
final class FabricGatewayHandler
{
    private final FabricControlPlane fabric;
    private final FabricRequestReader reader;

    FabricGatewayHandler(final FabricControlPlane fabric, final FabricRequestReader reader)
    {
        this.fabric = fabric;
        this.reader = reader;
    }

    void list(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.gateways().thenApply(FabricBodies.GatewayList::new));
    }

    void register(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.CREATED, fabric.registerGateway(reader.gateway(exchange)),
            gateway -> Map.of(HttpHeaderNames.LOCATION.toString(), FabricPaths.gateway(gateway.gatewayId())));
    }

    void find(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.gateway(exchange.pathParam("gatewayId")));
    }

    void update(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.updateGateway(exchange.pathParam("gatewayId"), reader.gateway(exchange)));
    }

    void remove(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.NO_CONTENT, fabric.removeGateway(exchange.pathParam("gatewayId")));
    }

    void checkHealth(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.checkGateway(exchange.pathParam("gatewayId")));
    }

    /** A handler that relays one gateway API read, e.g. {@code /gateway/v1/capacity}. */
    RequestHandler inspect(final String gatewayPath)
    {
        return exchange -> FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.inspectGateway(exchange.pathParam("gatewayId"), gatewayPath));
    }
}
