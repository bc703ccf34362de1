package io.weft.node.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The REST API as the command line sees it: one request, its status and body; a node out of reach throws. */
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
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        try
        {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        }
        catch (final IOException ex)
        {
            throw new UnreachableException("cannot reach a node at " + base + ": "
                + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        }
    }
}
