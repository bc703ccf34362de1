package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.fabric.FabricProblem;
import io.weft.fabric.IdentifierRules;
import io.weft.fabric.gateway.ExecutionRequest;
import io.weft.fabric.template.StoredTemplate;
import io.weft.fabric.template.TemplateCatalog;
import io.weft.fabric.template.TemplateDefinition;
import io.weft.fabric.template.TemplateInstantiator;
import io.weft.fabric.template.TemplatePublished;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.SchedulerApi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The gateway API's templates and executions. Templates live in the node's grid, so catalog calls run on the
 * worker pool. An execution reads its template there, then comes back to the event loop to submit: the submission
 * itself is the same non-blocking, durability-acknowledged path as {@code POST /api/v1/dags}.
 */
final class GatewayTemplateHandler
{
    private final TemplateCatalog catalog;
    private final FabricRequestReader reader;
    private final TemplateDagValidator validator;
    private final SchedulerApi api;
    private final Executor workers;
    private final long submitAckTimeoutMs;

    GatewayTemplateHandler(
        final TemplateCatalog catalog,
        final FabricRequestReader reader,
        final TemplateDagValidator validator,
        final SchedulerApi api,
        final Executor workers,
        final long submitAckTimeoutMs)
    {
        this.catalog = catalog;
        this.reader = reader;
        this.validator = validator;
        this.api = api;
        this.workers = workers;
        this.submitAckTimeoutMs = submitAckTimeoutMs;
    }

    void list(final RestExchange exchange)
    {
        FabricResponder.complete(exchange, HttpResponseStatus.OK, FabricResponder.supply(catalog::list, workers));
    }

    /** 201 when stored, 200 when this exact content was already there, 409 when the version means something else. */
    void publish(final RestExchange exchange)
    {
        final TemplateDefinition template = validator.check(reader.template(exchange));
        FabricResponder.supply(() -> catalog.publish(template), workers).whenComplete((published, failure) ->
        {
            if (failure != null)
            {
                FabricResponder.fail(exchange, failure);
                return;
            }
            FabricResponder.json(exchange, published.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, published);
        });
    }

    void find(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        final String version = exchange.pathParam("version");
        FabricResponder.complete(exchange, HttpResponseStatus.OK,
            FabricResponder.supply(() -> catalog.find(name, version).orElseThrow(() -> notFound(name, version)), workers));
    }

    void remove(final RestExchange exchange)
    {
        final String name = exchange.pathParam("name");
        final String version = exchange.pathParam("version");
        FabricResponder.complete(exchange, HttpResponseStatus.NO_CONTENT, FabricResponder.supply(() ->
        {
            if (!catalog.remove(name, version))
            {
                throw notFound(name, version);
            }
            return null;
        }, workers));
    }

    void execute(final RestExchange exchange)
    {
        final ExecutionRequest request = reader.execution(exchange, true);
        FabricResponder.supply(() ->
        {
            final StoredTemplate stored = catalog.find(request.template(), request.version())
                .orElseThrow(() -> notFound(request.template(), request.version()));
            return new Instantiated(stored.definition(), TemplateInstantiator.instantiate(stored.definition(), request.parameters()));
        }, workers).whenComplete((ready, failure) ->
        {
            if (failure != null)
            {
                FabricResponder.fail(exchange, failure);
                return;
            }
            // Back on the loop: the responder's timeout must be armed on the loop before the ack can arrive.
            exchange.eventLoop().execute(() -> submit(exchange, ready));
        });
    }

    private record Instantiated(TemplateDefinition template, JsonNode dag)
    {
    }

    private void submit(final RestExchange exchange, final Instantiated ready)
    {
        try
        {
            final DagPlan plan = validator.plan(ready.dag(), ready.template(), "parameters");
            final SubmissionResponder responder = new SubmissionResponder(exchange);
            final long dagId = api.trySubmit(plan, responder);
            if (dagId < 0)
            {
                exchange.respondProblem(HttpProblem.of(
                        ProblemType.OVERLOADED, "the scheduler's submission queue is full; retry after a second")
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS));
                return;
            }
            responder.startTimeout(dagId, submitAckTimeoutMs);
        }
        catch (final RuntimeException ex)
        {
            FabricResponder.fail(exchange, ex);
        }
    }

    private static RuntimeException notFound(final String name, final String version)
    {
        final String shown = IdentifierRules.isTemplateName(name) && IdentifierRules.isVersion(version) ?
            name + "@" + version : Text.abbreviate(name, 100) + "@" + Text.abbreviate(version, 64);
        return FabricProblem.TEMPLATE_NOT_FOUND.exception("this gateway has no template " + shown);
    }
}
