package io.weft.rest;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs reads that may block (the grid behind {@code findDag}) on a small pool of their own, so a slow grid stalls
 * only these threads and never an event loop that serves other connections. The queue is bounded: when reads pile
 * up the answer is 503, not unbounded memory.
 */
final class ReadOffloader implements AutoCloseable
{
    static final String THREAD_NAME_PREFIX = "weft-rest-read-";

    private static final Logger LOG = LoggerFactory.getLogger(ReadOffloader.class);

    private final ThreadPoolExecutor executor;

    ReadOffloader(final int threads, final int queueCapacity)
    {
        final AtomicInteger count = new AtomicInteger();
        final ThreadFactory threadFactory = runnable ->
        {
            final Thread thread = new Thread(runnable, THREAD_NAME_PREFIX + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ThreadPoolExecutor(
            threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity), threadFactory);
    }

    /**
     * Runs {@code read} off the event loop and answers 200 with the body it returns. The read may throw an
     * {@link HttpProblemException} (for example, not found) to answer that problem instead.
     */
    void offload(final RestExchange exchange, final Callable<Object> read)
    {
        offload(exchange, HttpResponseStatus.OK, read);
    }

    /** As {@link #offload(RestExchange, Callable)}, answering {@code status}: 202 for a request that reads, then acts. */
    void offload(final RestExchange exchange, final HttpResponseStatus status, final Callable<Object> read)
    {
        offloadResponse(exchange, () -> exchange.responses().json(status, read.call()));
    }

    /** As {@link #offload(RestExchange, Callable)}, for any answer, JSON or not (text, an image). */
    void offloadResponse(final RestExchange exchange, final Callable<FullHttpResponse> answer)
    {
        try
        {
            executor.execute(() -> run(exchange, answer));
        }
        catch (final RejectedExecutionException ex)
        {
            exchange.respondProblem(HttpProblem.of(ProblemType.OVERLOADED, "too many reads are waiting; try again shortly")
                .withHeader("Retry-After", "1"));
        }
    }

    private static void run(final RestExchange exchange, final Callable<FullHttpResponse> answer)
    {
        try
        {
            exchange.respond(answer.call());
        }
        catch (final HttpProblemException ex)
        {
            exchange.respondProblem(ex.problem());
        }
        catch (final Throwable ex)
        {
            // Answer even on an Error: otherwise the client waits forever on a connection that will never answer.
            LOG.error("{} {} failed", exchange.method(), exchange.path(), ex);
            exchange.respondProblem(HttpProblem.of(ProblemType.INTERNAL_ERROR, "the request could not be processed"));
            if (ex instanceof Error)
            {
                throw (Error)ex;
            }
        }
    }

    /** Runs a read whose {@link java.util.NoSuchElementException} means 404, naming what was not found. */
    static Object found(final Callable<Object> read) throws Exception
    {
        try
        {
            return read.call();
        }
        catch (final java.util.NoSuchElementException ex)
        {
            throw HttpProblem.of(ProblemType.NOT_FOUND, ex.getMessage()).toException();
        }
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS))
            {
                LOG.warn("reads still running after 5 s; interrupting them");
                executor.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
