package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.fabric.control.FabricControlPlane;
import io.weft.fabric.template.TemplateDefinition;

import java.util.Map;

/**
 * What admins do to a group as a whole: validate it, read its health, publish templates to it and read its
 * intended state, check drift, pause and resume its gateways' schedulers, and execute templates against it.
 * Fan-outs answer 200 whatever the gateways said: the body carries the aggregate and every gateway's outcome.
 */
final class FabricOperationHandler
{
    /** The newest executions a list shows. */
    static final int EXECUTION_LIST_LIMIT = 100;

    private final FabricControlPlane fabric;
    private final FabricRequestReader reader;
    private final TemplateDagValidator templates;

    FabricOperationHandler(final FabricControlPlane fabric, final FabricRequestReader reader, final TemplateDagValidator templates)
    {
        this.fabric = fabric;
        this.reader = reader;
        this.templates = templates;
    }

    void health(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.health(exchange.pathParam("groupId")));
    }

    void validate(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.validate(exchange.pathParam("groupId")));
    }

    void lastValidation(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.validation(exchange.pathParam("groupId")));
    }

    /** The template is checked here, as a gateway would, so a broken one is refused before any gateway sees it. */
    void publish(final RestExchange exchange)
    {
        final TemplateDefinition template = templates.check(reader.template(exchange));
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.publish(exchange.pathParam("groupId"), template));
    }

    void publications(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.publications(exchange.pathParam("groupId")).thenApply(FabricBodies.PublicationList::new));
    }

    void drift(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.drift(exchange.pathParam("groupId")));
    }

    void pause(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.pause(exchange.pathParam("groupId"), reader.executorClass(exchange)));
    }

    void resume(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.resume(exchange.pathParam("groupId"), reader.executorClass(exchange)));
    }

    void execute(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.CREATED,
            fabric.execute(exchange.pathParam("groupId"), reader.execution(exchange, false)),
            record -> Map.of(HttpHeaderNames.LOCATION.toString(), FabricPaths.execution(record.executionId())));
    }

    void groupExecutions(final RestExchange exchange)
    {
        final String groupId = exchange.pathParam("groupId");
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.group(groupId).thenCompose(group -> fabric.executions(groupId, EXECUTION_LIST_LIMIT))
                .thenApply(FabricBodies.ExecutionList::new));
    }

    void executions(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            fabric.executions(null, EXECUTION_LIST_LIMIT).thenApply(FabricBodies.ExecutionList::new));
    }

    void execution(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, fabric.execution(exchange.pathParam("executionId")));
    }
}
