package io.weft.rest;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.util.Map;

/**
 * Builds complete JSON and problem+json responses. Every response carries a Content-Length so that the keep-alive
 * handler can leave the connection open after it.
 */
final class JsonResponses
{
    static final AsciiString PROBLEM_JSON = AsciiString.cached("application/problem+json");

    private final JsonCodec json;

    JsonResponses(final JsonCodec json)
    {
        this.json = json;
    }

    FullHttpResponse json(final HttpResponseStatus status, final Object body)
    {
        return response(status, HttpHeaderValues.APPLICATION_JSON, json.writeBytes(body));
    }

    /** A status with no body (204). */
    FullHttpResponse empty(final HttpResponseStatus status)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    FullHttpResponse problem(final HttpProblem problem, final String instance)
    {
        final FullHttpResponse response = response(
            HttpResponseStatus.valueOf(problem.status()),
            PROBLEM_JSON,
            json.writeBytes(ResponseBodies.Problem.of(problem, instance)));
        for (final Map.Entry<String, String> header : problem.headers().entrySet())
        {
            response.headers().set(header.getKey(), header.getValue());
        }
        return response;
    }

    private static FullHttpResponse response(
        final HttpResponseStatus status, final CharSequence contentType, final byte[] body)
    {
        final FullHttpResponse response =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }
}
