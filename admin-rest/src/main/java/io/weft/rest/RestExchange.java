package io.weft.rest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.weft.rest.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * One request and its single response. The request (and its body) may only be read while the handler runs on the
 * event loop; the response may be given from any thread, at most once, and is always written on the connection's
 * event loop, after which the router moves on to the connection's next request.
 */
final class RestExchange
{
    private static final Logger LOG = LoggerFactory.getLogger(RestExchange.class);

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final String path;
    private final Map<String, String> pathParams;
    private final JsonResponses responses;
    private final Runnable onResponded;
    private boolean responded;
    private Principal principal = Principal.UNCHECKED;
    private IntConsumer statusListener;

    RestExchange(
        final ChannelHandlerContext ctx,
        final FullHttpRequest request,
        final String path,
        final Map<String, String> pathParams,
        final JsonResponses responses,
        final Runnable onResponded)
    {
        this.ctx = ctx;
        this.request = request;
        this.path = path;
        this.pathParams = pathParams;
        this.responses = responses;
        this.onResponded = onResponded;
    }

    /** Who sent the request, once the access guard has let it through; unchecked where no guard is configured. */
    Principal principal()
    {
        return principal;
    }

    void principal(final Principal principal)
    {
        this.principal = principal;
    }

    /** Told the status of the response when it is written (the audit trail's outcome). */
    void onStatus(final IntConsumer listener)
    {
        this.statusListener = listener;
    }

    SocketAddress remoteAddress()
    {
        return ctx.channel().remoteAddress();
    }

    HttpMethod method()
    {
        return request.method();
    }

    /** The request URI as sent: raw path and query, for handing the request on unchanged. */
    String uri()
    {
        return request.uri();
    }

    /** The decoded request path without its query; also the problem's {@code instance}. */
    String path()
    {
        return path;
    }

    String pathParam(final String name)
    {
        return pathParams.get(name);
    }

    /**
     * The query's parameters, percent-decoded, in the order sent; a name may repeat. Read it during
     * {@link RequestHandler#handle}. Throws {@link IllegalArgumentException} on a malformed escape.
     */
    Map<String, List<String>> queryParams()
    {
        return new QueryStringDecoder(request.uri()).parameters();
    }

    String header(final CharSequence name)
    {
        return request.headers().get(name);
    }

    /** Valid only during {@link RequestHandler#handle}; the router releases it afterwards. */
    ByteBuf body()
    {
        return request.content();
    }

    EventExecutor eventLoop()
    {
        return ctx.executor();
    }

    JsonResponses responses()
    {
        return responses;
    }

    void respondJson(final HttpResponseStatus status, final Object body)
    {
        respond(responses.json(status, body));
    }

    void respondProblem(final HttpProblem problem)
    {
        respond(responses.problem(problem, path));
    }

    /** Thread-safe; the first response wins and later ones are dropped, so racing callbacks and timeouts are harmless. */
    void respond(final FullHttpResponse response)
    {
        final EventExecutor loop = ctx.executor();
        if (loop.inEventLoop())
        {
            write(response);
            return;
        }
        try
        {
            loop.execute(() -> write(response));
        }
        catch (final RejectedExecutionException ex)
        {
            // The server is shutting down and the connection with it; nobody is left to read this answer.
            response.release();
            LOG.debug("dropped the response to {} {}: event loop is shut down", request.method(), path);
        }
    }

    /**
     * Starts a response whose body the caller streams (server-sent events): writes {@code head} now and hands back
     * the connection's context, on which the caller writes chunks from the event loop. The connection serves
     * nothing else afterwards. Call it on the event loop; false if a response was already given.
     */
    boolean startStream(final io.netty.handler.codec.http.HttpResponse head)
    {
        if (responded)
        {
            return false;
        }
        responded = true;
        ctx.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (statusListener != null)
        {
            statusListener.accept(head.status().code());
        }
        return true;
    }

    /** The connection, for a streamed response. */
    ChannelHandlerContext context()
    {
        return ctx;
    }

    private void write(final FullHttpResponse response)
    {
        if (responded)
        {
            response.release();
            return;
        }
        responded = true;
        final int status = response.status().code();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (statusListener != null)
        {
            statusListener.accept(status);
        }
        onResponded.run();
    }
}
