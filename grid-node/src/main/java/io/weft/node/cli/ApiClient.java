package io.weft.node.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The REST API as the command line sees it: one request, its status and body, or a stream of server-sent events
 * line by line; a node out of reach throws.
 */
final class ApiClient
{
    record Answer(int status, String body)
    {
        boolean ok()
        {
            return status / 100 == 2;
        }
    }

    /** The node could not be reached at all. */
    static final class UnreachableException extends Exception
    {
        private static final long serialVersionUID = 1L;

        UnreachableException(final String message)
        {
            super(message);
        }
    }

    private final String base;
    private final String token;
    private final HttpClient http;

    ApiClient(final String base, final String token, final javax.net.ssl.SSLContext trust)
    {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (trust != null)
        {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    static String segment(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer get(final String path) throws UnreachableException, InterruptedException
    {
        return send("GET", path, null);
    }

    Answer post(final String path, final String json) throws UnreachableException, InterruptedException
    {
        return send("POST", path, json);
    }

    private Answer send(final String method, final String path, final String json) throws UnreachableException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null)
        {
            request.header("Content-Type", "application/json");
        }
        try
        {
            final HttpResponse<String> response = http.send(authorised(request).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        }
        catch (final IOException ex)
        {
            throw unreachable(ex);
        }
    }

    /**
     * Asks for {@code path} as server-sent events, resuming after {@code lastEventId} when there is one. Returns once
     * the node has answered with its headers; the body's lines come as the node sends them, and closing the stream
     * ends the connection. The time-out covers the answer's headers only, so a quiet stream is not cut.
     */
    HttpResponse<Stream<String>> eventStream(final String path, final String lastEventId) throws UnreachableException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream").GET();
        if (lastEventId != null)
        {
            request.header("Last-Event-ID", lastEventId);
        }
        try
        {
            return http.send(authorised(request).build(), HttpResponse.BodyHandlers.ofLines());
        }
        catch (final IOException ex)
        {
            throw unreachable(ex);
        }
    }

    private HttpRequest.Builder authorised(final HttpRequest.Builder request)
    {
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private UnreachableException unreachable(final IOException ex)
    {
        return new UnreachableException("cannot reach a node at " + base + ": "
            + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
    }
}
