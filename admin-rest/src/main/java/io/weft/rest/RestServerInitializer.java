package io.weft.rest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one connection. A request must arrive whole within the read timeout (see
 * {@link RequestReadTimeoutHandler}). The keep-alive handler sits before the aggregator so that it also sees the
 * aggregator's own 413 answers and closes or keeps the connection consistently for every response.
 */
final class RestServerInitializer extends ChannelInitializer<SocketChannel>
{
    private final RouteTable routes;
    private final JsonResponses responses;
    private final int maxRequestBodyBytes;
    private final long readTimeoutMs;
    private final SslContext tls;

    RestServerInitializer(
        final RouteTable routes, final JsonResponses responses, final int maxRequestBodyBytes, final long readTimeoutMs,
        final SslContext tls)
    {
        this.tls = tls;
        this.routes = routes;
        this.responses = responses;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    protected void initChannel(final SocketChannel ch)
    {
        if (tls != null)
        {
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
        }
        ch.pipeline()
            .addLast("idle", new IdleStateHandler(readTimeoutMs, 0, 0, TimeUnit.MILLISECONDS))
            .addLast("http-codec", new HttpServerCodec())
            .addLast("read-timeout", new RequestReadTimeoutHandler(readTimeoutMs, responses))
            .addLast("keep-alive", new HttpServerKeepAliveHandler())
            .addLast("aggregator", new RequestBodyAggregator(maxRequestBodyBytes, responses))
            .addLast("router", new RestRouter(routes, responses));
    }
}
