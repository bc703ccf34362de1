package io.weft.rest;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * The pipeline of one connection. The keep-alive handler sits before the aggregator so that it also sees the
 * aggregator's own 413 answers and closes or keeps the connection consistently for every response.
 */
final class RestServerInitializer extends ChannelInitializer<SocketChannel>
{
    private final RouteTable routes;
    private final JsonResponses responses;
    private final int maxRequestBodyBytes;

    RestServerInitializer(final RouteTable routes, final JsonResponses responses, final int maxRequestBodyBytes)
    {
        this.routes = routes;
        this.responses = responses;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    @Override
    protected void initChannel(final SocketChannel ch)
    {
        ch.pipeline()
            .addLast("http-codec", new HttpServerCodec())
            .addLast("keep-alive", new HttpServerKeepAliveHandler())
            .addLast("aggregator", new RequestBodyAggregator(maxRequestBodyBytes, responses))
            .addLast("router", new RestRouter(routes, responses));
    }
}
