package io.weft.rest;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.weft.scheduler.api.SubmissionCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Answers one submission once the scheduler says whether it became durable. The callbacks arrive on the
 * scheduling core's thread, which must never wait on us, so each one only enqueues a task on the connection's
 * event loop; all state here is touched on that loop alone.
 *
 * <p>A timeout guards the client against a callback that never comes: it answers 504 and names the DAG so the
 * client can look it up before resubmitting, since the DAG may still become durable afterwards.
 */
final class SubmissionResponder implements SubmissionCallback
{
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionResponder.class);

    private final RestExchange exchange;
    private ScheduledFuture<?> timeout;
    private boolean done;

    SubmissionResponder(final RestExchange exchange)
    {
        this.exchange = exchange;
    }

    @Override
    public void onAccepted(final long dagId)
    {
        onEventLoop(() -> finish(accepted(dagId)));
    }

    @Override
    public void onFailed(final long dagId, final String reason)
    {
        onEventLoop(() -> finish(exchange.responses().problem(
            HttpProblem.of(ProblemType.SUBMISSION_FAILED, "DAG " + dagId + " was not persisted: " + reason)
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS),
            exchange.path())));
    }

    @Override
    public void onDuplicate(final long dagId, final long existingDagId)
    {
        onEventLoop(() -> finish(exchange.responses().problem(
            HttpProblem.of(ProblemType.DUPLICATE_REFERENCE,
                    "the reference key is already used by DAG " + existingDagId + " (" + ResponseBodies.dagLocation(existingDagId)
                    + "); nothing was stored. Submit with duplicatePolicy ALLOW or REPLACE to run it anyway")
                .withHeader(HttpHeaderNames.LOCATION.toString(), ResponseBodies.dagLocation(existingDagId)),
            exchange.path())));
    }

    /** Called on the event loop right after the ring took the DAG, so it always runs before either callback's task. */
    void startTimeout(final long dagId, final long timeoutMs)
    {
        if (done)
        {
            return;
        }
        timeout = exchange.eventLoop().schedule(
            () -> finish(exchange.responses().problem(
                HttpProblem.of(
                    ProblemType.SUBMISSION_TIMEOUT,
                    "DAG " + dagId + " was not confirmed durable within " + timeoutMs + " ms; it may still be " +
                    "accepted, so check " + ResponseBodies.dagLocation(dagId) + " before resubmitting"),
                exchange.path())),
            timeoutMs,
            TimeUnit.MILLISECONDS);
    }

    private FullHttpResponse accepted(final long dagId)
    {
        final FullHttpResponse response =
            exchange.responses().json(HttpResponseStatus.ACCEPTED, ResponseBodies.SubmissionAccepted.of(dagId));
        response.headers().set(HttpHeaderNames.LOCATION, ResponseBodies.dagLocation(dagId));
        return response;
    }

    private void finish(final FullHttpResponse response)
    {
        if (done)
        {
            response.release();
            return;
        }
        done = true;
        if (timeout != null)
        {
            timeout.cancel(false);
        }
        exchange.respond(response);
    }

    private void onEventLoop(final Runnable task)
    {
        try
        {
            exchange.eventLoop().execute(task);
        }
        catch (final RejectedExecutionException ex)
        {
            // Shutting down: the connection is gone, and the core thread must not see our exception.
            LOG.debug("submission answer for {} dropped: event loop is shut down", exchange.path());
        }
    }
}
