package io.weft.rest;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a client may take to send what it started. A request whose head has arrived must be complete
 * (its whole body) within the read timeout, or the connection is answered 408 and closed: a Content-Length longer
 * than the body sent, or a body trickled in, no longer holds a connection and its buffer for good. A connection
 * that sends nothing at all for the read timeout while no answer is owed to it (an idle keep-alive connection, or
 * a request head trickled in byte by byte) is closed without an answer, as nothing was asked; the reader-idle
 * events come from an {@code IdleStateHandler} before the codec.
 */
final class RequestReadTimeoutHandler extends ChannelDuplexHandler
{
    private final long timeoutMs;
    private final JsonResponses responses;
    private ScheduledFuture<?> partialRequestTimer;
    private long requestsReceived;
    private long responsesSent;

    RequestReadTimeoutHandler(final long timeoutMs, final JsonResponses responses)
    {
        this.timeoutMs = timeoutMs;
        this.responses = responses;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (msg instanceof HttpRequest && partialRequestTimer == null)
        {
            partialRequestTimer = ctx.executor().schedule(() -> timedOut(ctx), timeoutMs, TimeUnit.MILLISECONDS);
        }
        if (msg instanceof LastHttpContent)
        {
            requestsReceived++;
            cancelTimer();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) throws Exception
    {
        if (msg instanceof FullHttpResponse || (msg instanceof LastHttpContent && !(msg instanceof HttpResponse)))
        {
            responsesSent++;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE
            && partialRequestTimer == null && requestsReceived == responsesSent)
        {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        cancelTimer();
        super.channelInactive(ctx);
    }

    private void timedOut(final ChannelHandlerContext ctx)
    {
        partialRequestTimer = null;
        if (!ctx.channel().isActive())
        {
            return;
        }
        final FullHttpResponse response = responses.problem(HttpProblem.of(ProblemType.REQUEST_TIMEOUT,
            "the request was not complete within " + timeoutMs + " ms of its first line; closing the connection"), "");
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelTimer()
    {
        if (partialRequestTimer != null)
        {
            partialRequestTimer.cancel(false);
            partialRequestTimer = null;
        }
    }
}
