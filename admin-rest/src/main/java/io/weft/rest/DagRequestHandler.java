package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.weft.scheduler.api.DagPlan;
import io.weft.rest.security.Principal;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.DagValidationException;
import io.weft.scheduler.api.SchedulerApi;

import java.util.Locale;

/**
 * {@code POST /api/v1/dags} and {@code GET /api/v1/dags/{id}}.
 *
 * <p>Submission stays on the event loop: parsing and validation are CPU-only and {@code trySubmit} never blocks.
 * The 202 is written when the grid holds the DAG, not when the ring took it. What that survives depends on the
 * grid: with other members an accepted DAG outlives this node's crash through its backup; a lone member holds it
 * only in its own memory (see {@code GET /health}). Reads go to the grid and are offloaded.
 */
final class DagRequestHandler
{
    static final String RETRY_AFTER_SECONDS = "1";

    private final SchedulerApi api;
    private final DagSubmissionReader reader;
    private final ReadOffloader reads;
    private final long submitAckTimeoutMs;

    DagRequestHandler(
        final SchedulerApi api, final DagSubmissionReader reader, final ReadOffloader reads, final long submitAckTimeoutMs)
    {
        this.api = api;
        this.reader = reader;
        this.reads = reads;
        this.submitAckTimeoutMs = submitAckTimeoutMs;
    }

    void submit(final RestExchange exchange)
    {
        requireJson(exchange.header(HttpHeaderNames.CONTENT_TYPE));
        final DagSpec spec = reader.read(exchange.body());
        final DagPlan plan;
        try
        {
            plan = api.validate(spec);
        }
        catch (final DagValidationException ex)
        {
            throw HttpProblem.of(ex).toException();
        }

        plan.submittedBy(exchange.principal().name());
        final SubmissionResponder responder = new SubmissionResponder(exchange);
        final long dagId = api.trySubmit(plan, responder);
        if (dagId < 0)
        {
            exchange.respondProblem(HttpProblem.of(
                    ProblemType.OVERLOADED, "the scheduler's submission queue is full; retry after a second")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), RETRY_AFTER_SECONDS));
            return;
        }
        responder.startTimeout(dagId, submitAckTimeoutMs);
    }

    void find(final RestExchange exchange)
    {
        final long dagId = parseId(exchange.pathParam("id"));
        final Principal principal = exchange.principal();
        reads.offload(exchange, () -> api.findDag(dagId)
            .filter(view -> visibleTo(principal, view))
            .map(ResponseBodies.DagStatus::of)
            .orElseThrow(() -> HttpProblem.of(ProblemType.DAG_NOT_FOUND, "no DAG with id " + dagId).toException()));
    }

    /**
     * Whether the principal may see the DAG: a developer sees only the DAGs it submitted, and another's DAG answers
     * as if it did not exist, so its id tells nothing.
     */
    static boolean visibleTo(final Principal principal, final DagView view)
    {
        return !principal.role().ownDagsOnly() || principal.name().equals(view.submittedBy());
    }

    /** The DAG id of a path; 400 {@code invalid-id} unless it is a decimal 64-bit integer. */
    static long parseId(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw HttpProblem.of(
                    ProblemType.INVALID_ID, "DAG id '" + Text.abbreviate(text, 40) + "' is not a decimal 64-bit integer")
                .toException();
        }
    }

    /** application/json with an optional UTF-8 charset; JSON has no other encoding on the wire (RFC 8259). */
    private static void requireJson(final String contentType)
    {
        if (contentType == null)
        {
            throw unsupported("the request has no Content-Type; send application/json");
        }
        final String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json"))
        {
            throw unsupported("Content-Type '" + Text.abbreviate(contentType, 100) + "' is not application/json");
        }
        for (int i = 1; i < parts.length; i++)
        {
            final String param = parts[i].trim();
            final int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase("charset"))
            {
                continue;
            }
            final String charset = unquote(param.substring(eq + 1).trim()).toLowerCase(Locale.ROOT);
            if (!charset.equals("utf-8") && !charset.equals("utf8"))
            {
                throw unsupported("charset '" + Text.abbreviate(charset, 40) + "' is not supported; JSON must be UTF-8");
            }
        }
    }

    private static String unquote(final String value)
    {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ?
            value.substring(1, value.length() - 1) : value;
    }

    private static HttpProblemException unsupported(final String detail)
    {
        return HttpProblem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail).toException();
    }
}
