package io.weft.rest;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Netty's aggregator with its refusals in our format: 413 (and 417 for an unsupported Expect) as problem+json
 * instead of empty bodies, whether the limit is hit while aggregating or up front on an {@code Expect: 100-continue}.
 */
final class RequestBodyAggregator extends HttpObjectAggregator
{
    private final JsonResponses responses;

    RequestBodyAggregator(final int maxBodyBytes, final JsonResponses responses)
    {
        super(maxBodyBytes);
        this.responses = responses;
    }

    @Override
    protected Object newContinueResponse(
        final HttpMessage start, final int maxContentLength, final ChannelPipeline pipeline)
    {
        // Read before super: Netty strips the Expect header once it has answered it.
        final String expectation = start.headers().get(HttpHeaderNames.EXPECT);
        final Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(answer instanceof FullHttpResponse refusal) || !(start instanceof HttpRequest request))
        {
            return answer;
        }
        final int status = refusal.status().code();
        final HttpProblem problem;
        if (status == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code())
        {
            problem = tooLarge();
        }
        else if (status == HttpResponseStatus.EXPECTATION_FAILED.code())
        {
            problem = HttpProblem.of(
                ProblemType.EXPECTATION_FAILED,
                "Expect '" + Text.abbreviate(expectation, 100) + "' is not supported; only 100-continue is");
        }
        else
        {
            return answer;
        }
        refusal.release();
        return responses.problem(problem, pathOf(request.uri()));
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized) throws Exception
    {
        if (!(oversized instanceof HttpRequest request))
        {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        final FullHttpResponse response = responses.problem(tooLarge(), pathOf(request.uri()));

        // Refused on its Content-Length alone, the body has not been read yet and the aggregator skips it, so the
        // connection can serve the next request. Once body bytes were aggregated (chunked upload that grew past the
        // limit) there is no safe point to resume from, so that connection closes, as Netty's own handler does.
        final boolean mustClose = oversized instanceof FullHttpMessage ||
            !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        if (mustClose)
        {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    private HttpProblem tooLarge()
    {
        return HttpProblem.of(
            ProblemType.REQUEST_TOO_LARGE, "the request body exceeds the limit of " + maxContentLength() + " bytes");
    }

    private static String pathOf(final String uri)
    {
        try
        {
            return new QueryStringDecoder(uri).path();
        }
        catch (final IllegalArgumentException ex)
        {
            return Text.abbreviate(uri, 200);
        }
    }
}
