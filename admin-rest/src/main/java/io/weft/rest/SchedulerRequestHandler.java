package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.scheduler.api.IdentifierText;
import io.weft.scheduler.api.SchedulerApi;

/**
 * {@code GET /api/v1/scheduler}, {@code GET /api/v1/metrics}, and the pause and resume requests for the whole
 * scheduler or one executor class.
 *
 * <p>Stays on the event loop: pausing offers an event to the ring without blocking, and the pause state is a view
 * the core publishes, not a grid read. The answer to a pause is 202 with the intent, because the core applies it
 * on its own thread an instant later; {@code GET /api/v1/scheduler} shows it once applied.
 */
final class SchedulerRequestHandler
{
    private final SchedulerApi api;

    SchedulerRequestHandler(final SchedulerApi api)
    {
        this.api = api;
    }

    void status(final RestExchange exchange)
    {
        exchange.respondJson(HttpResponseStatus.OK, ResponseBodies.SchedulerStatus.of(api.pauseState()));
    }

    /** Counters, gauges and stage latencies: read from views and histograms the node keeps, never the grid. */
    void metrics(final RestExchange exchange)
    {
        exchange.respondJson(HttpResponseStatus.OK, api.metrics());
    }

    void pause(final RestExchange exchange)
    {
        change(exchange, null, true);
    }

    void resume(final RestExchange exchange)
    {
        change(exchange, null, false);
    }

    void pauseClass(final RestExchange exchange)
    {
        change(exchange, executorClass(exchange), true);
    }

    void resumeClass(final RestExchange exchange)
    {
        change(exchange, executorClass(exchange), false);
    }

    /** A class name from the path, held to the same rule as the classes a DAG names: it is stored as a pause. */
    private static String executorClass(final RestExchange exchange)
    {
        final String executorClass = exchange.pathParam("executorClass");
        final String problem = IdentifierText.problem(executorClass);
        if (problem != null)
        {
            throw HttpProblem.of(ProblemType.INVALID_ID, "the executor class in the path " + problem).toException();
        }
        return executorClass;
    }

    private void change(final RestExchange exchange, final String executorClass, final boolean pause)
    {
        final boolean taken = pause ? api.pause(executorClass) : api.resume(executorClass);
        if (!taken)
        {
            throw HttpProblem.of(
                    ProblemType.OVERLOADED,
                    "the scheduler's queue is full; retry the " + (pause ? "pause" : "resume") + " after a second")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS)
                .toException();
        }
        exchange.respondJson(HttpResponseStatus.ACCEPTED, ResponseBodies.PauseIntent.of(executorClass, pause));
    }
}
