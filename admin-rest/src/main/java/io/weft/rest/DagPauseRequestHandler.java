package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.scheduler.api.CancelOutcome;
import io.weft.scheduler.api.SchedulerApi;

/**
 * {@code POST /api/v1/dags/{id}/pause} and {@code /resume}. Offloaded, because telling an unknown or finished DAG
 * from a live one reads the grid. 202: the core applies it an instant later and the DAG's state shows it.
 */
final class DagPauseRequestHandler
{
    private final SchedulerApi api;
    private final ReadOffloader reads;

    DagPauseRequestHandler(final SchedulerApi api, final ReadOffloader reads)
    {
        this.api = api;
        this.reads = reads;
    }

    void pause(final RestExchange exchange)
    {
        change(exchange, true);
    }

    void resume(final RestExchange exchange)
    {
        change(exchange, false);
    }

    private void change(final RestExchange exchange, final boolean pause)
    {
        final long dagId = DagRequestHandler.parseId(exchange.pathParam("id"));
        reads.offload(exchange, HttpResponseStatus.ACCEPTED, () -> {
            final CancelOutcome outcome = api.pauseDag(dagId, pause);
            return switch (outcome)
            {
                case ACCEPTED -> ResponseBodies.DagPauseRequested.of(dagId, pause);
                case NOT_FOUND -> throw HttpProblem.of(ProblemType.DAG_NOT_FOUND, "no DAG with id " + dagId).toException();
                case ALREADY_FINISHED -> throw HttpProblem.of(
                        ProblemType.ALREADY_FINISHED, "DAG " + dagId + " has already finished; there is nothing to " + (pause ? "pause" : "resume"))
                    .toException();
                case BUSY -> throw HttpProblem.of(
                        ProblemType.OVERLOADED, "the scheduler's queue is full; retry after a second")
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS)
                    .toException();
            };
        });
    }
}
