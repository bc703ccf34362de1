package io.weft.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.weft.fabric.FabricException;
import io.weft.fabric.FabricJson;
import io.weft.scheduler.api.DagValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers Runtime Fabric and gateway API requests. Bodies are written with the fabric's own Jackson configuration
 * ({@link FabricJson}: ISO instants, exact decimals), so the server writes exactly the shapes the gateway client
 * reads. A future's failure becomes a problem: a {@link FabricException} or {@link HttpProblemException} as
 * itself, a full work queue as 503, anything else as a logged 500. Responses may be given from any thread.
 */
final class FabricResponder
{
    private static final Logger LOG = LoggerFactory.getLogger(FabricResponder.class);

    private FabricResponder()
    {
    }

    /**
     * Runs blocking work (a grid call) on {@code workers}. A full pool fails the future rather than throwing here,
     * so the answer is the 503 every other failure path gives.
     */
    static <T> CompletableFuture<T> supply(final Supplier<T> work, final Executor workers)
    {
        try
        {
            return CompletableFuture.supplyAsync(work, workers);
        }
        catch (final RejectedExecutionException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    static void json(final RestExchange exchange, final HttpResponseStatus status, final Object body)
    {
        exchange.respond(response(status, body, Map.of()));
    }

    static void noContent(final RestExchange exchange)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        exchange.respond(response);
    }

    /** Answers {@code status} with the future's value once it completes, or the problem it failed with. */
    static <T> void complete(final RestExchange exchange, final HttpResponseStatus status, final CompletableFuture<T> future)
    {
        complete(exchange, status, future, value -> Map.of());
    }

    /** As above, with headers (a Location, say) computed from the value. */
    static <T> void complete(
        final RestExchange exchange,
        final HttpResponseStatus status,
        final CompletableFuture<T> future,
        final Function<T, Map<String, String>> headers)
    {
        future.whenComplete((value, failure) ->
        {
            if (failure != null)
            {
                fail(exchange, failure);
                return;
            }
            try
            {
                if (value == null)
                {
                    noContent(exchange);
                }
                else
                {
                    exchange.respond(response(status, value, headers.apply(value)));
                }
            }
            catch (final RuntimeException ex)
            {
                fail(exchange, ex);
            }
        });
    }

    /** Answers the problem a failure stands for; unexpected failures are logged here, once. */
    static void fail(final RestExchange exchange, final Throwable failure)
    {
        exchange.respondProblem(problemOf(exchange, failure));
    }

    static HttpProblem problemOf(final RestExchange exchange, final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof FabricException fabric)
        {
            return problemOf(fabric);
        }
        if (cause instanceof HttpProblemException problem)
        {
            return problem.problem();
        }
        if (cause instanceof DagValidationException invalid)
        {
            return HttpProblem.of(invalid);
        }
        if (cause instanceof RejectedExecutionException)
        {
            return HttpProblem.of(ProblemType.OVERLOADED, "too much Runtime Fabric work is waiting; try again shortly")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1");
        }
        LOG.error("{} {} failed", exchange.method(), exchange.path(), cause);
        return HttpProblem.of(ProblemType.INTERNAL_ERROR, "the request could not be processed");
    }

    static HttpProblem problemOf(final FabricException ex)
    {
        return new HttpProblem(ex.slug(), ex.title(), ex.httpStatus(), ex.getMessage(), ex.field(), Map.of());
    }

    private static FullHttpResponse response(final HttpResponseStatus status, final Object body, final Map<String, String> headers)
    {
        final byte[] bytes;
        try
        {
            bytes = FabricJson.mapper().writeValueAsBytes(body);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot serialise " + body.getClass().getName(), ex);
        }
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        headers.forEach((name, value) -> response.headers().set(name, value));
        return response;
    }
}
