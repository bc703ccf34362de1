package io.weft.rest;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
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
 * that has not sent one whole request and then sends nothing for the read timeout is closed without an answer, as
 * nothing was asked; the reader-idle events come from an {@code IdleStateHandler} before the codec. A keep-alive
 * connection that has been used stays open however long it idles: clients (the JDK's among them) reuse pooled
 * connections without checking, and closing one under them fails the next POST, which they do not retry.
 */
final class RequestReadTimeoutHandler extends ChannelInboundHandlerAdapter
{
    private final long timeoutMs;
    private final JsonResponses responses;
    private ScheduledFuture<?> partialRequestTimer;
    private long requestsReceived;

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
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE
            && partialRequestTimer == null && requestsReceived == 0)
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
