package io.weft.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Routes each request of one connection to its handler and turns failures into problem responses.
 *
 * <p>Handlers may answer later from another thread (a grid read, the core's durability callback), yet HTTP/1.1
 * requires answers in request order. So a connection has at most one exchange in flight: requests that arrive
 * meanwhile (pipelining) wait here, and reading from the socket pauses until the queue drains. One instance per
 * connection.
 */
final class RestRouter extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final Logger LOG = LoggerFactory.getLogger(RestRouter.class);
    private static final int MAX_ECHOED_URI_CHARS = 200;

    private final RouteTable routes;
    private final JsonResponses responses;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean exchangeInFlight;

    RestRouter(final RouteTable routes, final JsonResponses responses)
    {
        this.routes = routes;
        this.responses = responses;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (exchangeInFlight)
        {
            waiting.add(request.retain());
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(ctx, request);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null)
        {
            request.release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (isTlsFailure(cause))
        {
            // Plain HTTP (or a failed handshake) on an HTTPS port. Netty's message quotes the bytes received, which
            // may hold a bearer token, so neither the exception nor its message is logged.
            LOG.info("connection {} did not speak TLS on this HTTPS port; closed", ctx.channel().remoteAddress());
        }
        else if (cause instanceof IOException || cause instanceof PrematureChannelClosureException)
        {
            // The client went away, or was cut off mid-request by the read timeout: nothing to answer.
            LOG.debug("connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        else
        {
            LOG.warn("unexpected error on connection {}; closing it", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static boolean isTlsFailure(final Throwable cause)
    {
        for (Throwable t = cause; t != null; t = t.getCause())
        {
            if (t instanceof javax.net.ssl.SSLException)
            {
                return true;
            }
        }
        return false;
    }

    private void dispatch(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        exchangeInFlight = true;
        final String path = decodePath(request.uri());
        final Runnable onResponded = () -> onExchangeDone(ctx);

        final DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure() || path == null)
        {
            final RestExchange exchange = new RestExchange(
                ctx, request, rawPath(request.uri()), Map.of(), responses, onResponded);
            respondToUndecodable(exchange, decoded);
            return;
        }

        final RouteTable.Resolution resolution = routes.resolve(request.method(), new QueryStringDecoder(request.uri()).rawPath());
        final RestExchange exchange = new RestExchange(
            ctx, request, path, resolution.pathParams(), responses, onResponded);
        final HttpProblem refusal = refusalOfFraming(request);
        if (refusal != null)
        {
            final var response = responses.problem(refusal, path);
            HttpUtil.setKeepAlive(response, false); // the client speaks something else: nothing more to read here
            exchange.respond(response);
            return;
        }
        try
        {
            if (resolution.found())
            {
                resolution.route().handler().handle(exchange);
            }
            else if (resolution.allowedMethods().isEmpty())
            {
                exchange.respondProblem(HttpProblem.of(ProblemType.NOT_FOUND, "no resource at " + path));
            }
            else
            {
                final String allow = String.join(", ", resolution.allowedMethods());
                exchange.respondProblem(HttpProblem.of(
                        ProblemType.METHOD_NOT_ALLOWED,
                        request.method() + " is not allowed on " + path + "; allowed: " + allow)
                    .withHeader(HttpHeaderNames.ALLOW.toString(), allow));
            }
        }
        catch (final HttpProblemException ex)
        {
            exchange.respondProblem(ex.problem());
        }
        catch (final Exception ex)
        {
            LOG.error("{} {} failed", request.method(), path, ex);
            exchange.respondProblem(HttpProblem.of(ProblemType.INTERNAL_ERROR, "the request could not be processed"));
        }
    }

    /**
     * HTTP/1.0 and 1.1 only (Netty parses any "HTTP/x.y"), and on 1.1 exactly one Host header, as RFC 9112 asks: a
     * request that gets either wrong is refused before anything reads it.
     */
    private static HttpProblem refusalOfFraming(final FullHttpRequest request)
    {
        final HttpVersion version = request.protocolVersion();
        if (!HttpVersion.HTTP_1_1.equals(version) && !HttpVersion.HTTP_1_0.equals(version))
        {
            return HttpProblem.of(ProblemType.HTTP_VERSION_NOT_SUPPORTED,
                Text.abbreviate(version.text(), 20) + " is not supported; use HTTP/1.1 or HTTP/1.0");
        }
        if (HttpVersion.HTTP_1_1.equals(version))
        {
            final int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
            if (hosts != 1)
            {
                return HttpProblem.of(ProblemType.BAD_HOST, hosts == 0
                    ? "an HTTP/1.1 request must carry a Host header"
                    : "an HTTP/1.1 request must carry one Host header, not " + hosts);
            }
        }
        return null;
    }

    /** After a bad request line or header block the decoder cannot find the next request, so the connection ends. */
    private static void respondToUndecodable(final RestExchange exchange, final DecoderResult decoded)
    {
        final Throwable cause = decoded.cause();
        final HttpProblem problem;
        if (cause instanceof TooLongHttpLineException)
        {
            problem = HttpProblem.of(ProblemType.URI_TOO_LONG, "the request line exceeds the server's limit");
        }
        else if (cause instanceof TooLongHttpHeaderException)
        {
            problem = HttpProblem.of(ProblemType.HEADERS_TOO_LARGE, "the request headers exceed the server's limit");
        }
        else if (cause != null)
        {
            problem = HttpProblem.of(ProblemType.BAD_REQUEST, "the HTTP request could not be decoded: " +
                Text.abbreviate(String.valueOf(cause.getMessage()), MAX_ECHOED_URI_CHARS));
        }
        else
        {
            problem = HttpProblem.of(ProblemType.BAD_REQUEST, "the request URI is not a valid path");
        }
        final var response = exchange.responses().problem(problem, exchange.path());
        if (decoded.isFailure())
        {
            HttpUtil.setKeepAlive(response, false);
        }
        exchange.respond(response);
    }

    private void onExchangeDone(final ChannelHandlerContext ctx)
    {
        final FullHttpRequest next = waiting.poll();
        if (next == null)
        {
            exchangeInFlight = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        // A task rather than a direct call: a synchronous handler responds inside dispatch, and a long pipelined
        // burst must not turn into an equally deep stack.
        ctx.executor().execute(() ->
        {
            try
            {
                if (ctx.channel().isActive())
                {
                    dispatch(ctx, next);
                }
            }
            finally
            {
                next.release();
            }
        });
    }

    private static String decodePath(final String uri)
    {
        try
        {
            return new QueryStringDecoder(uri).path();
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static String rawPath(final String uri)
    {
        final int query = uri.indexOf('?');
        return Text.abbreviate(query < 0 ? uri : uri.substring(0, query), MAX_ECHOED_URI_CHARS);
    }
}
