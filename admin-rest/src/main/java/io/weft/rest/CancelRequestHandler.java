package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.rest.security.Principal;
import io.weft.scheduler.api.CancelOutcome;
import io.weft.scheduler.api.SchedulerApi;

/**
 * {@code POST /api/v1/dags/{id}/cancel} and {@code POST /api/v1/dags/{id}/jobs/{jobId}/cancel}.
 *
 * <p>Offloaded: resolving a job id and telling "finished" from "running" reads the grid. The answer is 202 because
 * cancelling is asynchronous: queued jobs end at once, running ones when their executor confirms or their lease
 * expires, so the client follows the DAG to see the outcome. Any request body is ignored.
 */
final class CancelRequestHandler
{
    private static final int MAX_ECHOED_ID_CHARS = 100;

    private final SchedulerApi api;
    private final ReadOffloader reads;

    CancelRequestHandler(final SchedulerApi api, final ReadOffloader reads)
    {
        this.api = api;
        this.reads = reads;
    }

    void cancelDag(final RestExchange exchange)
    {
        final long dagId = DagRequestHandler.parseId(exchange.pathParam("id"));
        final Principal principal = exchange.principal();
        reads.offload(exchange, HttpResponseStatus.ACCEPTED, () -> cancel(principal, dagId, null));
    }

    void cancelJob(final RestExchange exchange)
    {
        final long dagId = DagRequestHandler.parseId(exchange.pathParam("id"));
        final String jobId = exchange.pathParam("jobId");
        final Principal principal = exchange.principal();
        reads.offload(exchange, HttpResponseStatus.ACCEPTED, () -> cancel(principal, dagId, jobId));
    }

    private Object cancel(final Principal principal, final long dagId, final String jobId)
    {
        if (principal.role().ownDagsOnly() && api.findDag(dagId).filter(view -> DagRequestHandler.visibleTo(principal, view)).isEmpty())
        {
            throw HttpProblem.of(ProblemType.DAG_NOT_FOUND, "no DAG with id " + dagId).toException();
        }
        final CancelOutcome outcome = api.cancel(dagId, jobId);
        return switch (outcome)
        {
            case ACCEPTED -> ResponseBodies.CancelRequested.of(dagId, jobId);
            case NOT_FOUND -> throw notFound(dagId, jobId);
            case ALREADY_FINISHED -> throw HttpProblem.of(
                    ProblemType.ALREADY_FINISHED,
                    (jobId == null ? "DAG " + dagId : "job '" + shown(jobId) + "' of DAG " + dagId) +
                    " has already finished; there is nothing to cancel")
                .toException();
            case BUSY -> throw HttpProblem.of(
                    ProblemType.OVERLOADED, "the scheduler's queue is full; retry the cancel after a second")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS)
                .toException();
        };
    }

    /**
     * The api says only "not found"; a second read tells the client which of the two ids is wrong. It costs a read
     * on the error path alone.
     */
    private HttpProblemException notFound(final long dagId, final String jobId)
    {
        if (jobId == null || api.findDag(dagId).isEmpty())
        {
            return HttpProblem.of(ProblemType.DAG_NOT_FOUND, "no DAG with id " + dagId).toException();
        }
        return HttpProblem.of(ProblemType.JOB_NOT_FOUND, "DAG " + dagId + " has no job '" + shown(jobId) + "'").toException();
    }

    private static String shown(final String jobId)
    {
        return Text.abbreviate(jobId, MAX_ECHOED_ID_CHARS);
    }
}
