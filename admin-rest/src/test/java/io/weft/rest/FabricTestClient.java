package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** java.net.http for the fabric tests: any method, a JSON body, and an optional bearer token. */
final class FabricTestClient
{
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    private final String base;
    private final String token;

    FabricTestClient(final int port, final String token)
    {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    FabricTestClient withToken(final String otherToken)
    {
        return new FabricTestClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherToken);
    }

    HttpResponse<String> get(final String path)
    {
        return send("GET", path, null);
    }

    HttpResponse<String> post(final String path, final String json)
    {
        return send("POST", path, json);
    }

    HttpResponse<String> patch(final String path, final String json)
    {
        return send("PATCH", path, json);
    }

    HttpResponse<String> delete(final String path)
    {
        return send("DELETE", path, null);
    }

    HttpResponse<String> send(final String method, final String path, final String json)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
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
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    static JsonNode json(final HttpResponse<String> response)
    {
        return RestTestClient.json(response);
    }
}
