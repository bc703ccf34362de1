package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.fabric.control.FabricControlPlane;

import java.util.Map;

/** Fabric groups: create, read, update (only the fields given; null clears), delete, members, and assignment. */
final class FabricGroupHandler
{
    private final FabricControlPlane fabric;
    private final FabricRequestReader reader;

    FabricGroupHandler(final FabricControlPlane fabric, final FabricRequestReader reader)
    {
        this.fabric = fabric;
        this.reader = reader;
    }

    void list(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.groups().thenApply(FabricBodies.GroupList::new));
    }

    void create(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.CREATED, fabric.createGroup(reader.group(exchange)),
            group -> Map.of(HttpHeaderNames.LOCATION.toString(), FabricPaths.group(group.groupId())));
    }

    void find(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.group(exchange.pathParam("groupId")));
    }

    void update(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.updateGroup(exchange.pathParam("groupId"), reader.group(exchange)));
    }

    /** 200 with the gateways that moved to their default groups, so the admin sees where they went. */
    void delete(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.deleteGroup(exchange.pathParam("groupId")));
    }

    void members(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.members(exchange.pathParam("groupId")).thenApply(FabricBodies.GatewayList::new));
    }

    void assign(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.assign(exchange.pathParam("groupId"), reader.assignment(exchange)));
    }
}
