package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** java.net.http against a test server, plus the problem+json assertions every bad-input test makes. */
final class RestTestClient
{
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    private final String base;

    RestTestClient(final int port)
    {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> postJson(final String path, final String body)
    {
        return post(path, "application/json", body);
    }

    /** A null content type sends none. */
    HttpResponse<String> post(final String path, final String contentType, final String body)
    {
        final HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null)
        {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    HttpResponse<String> method(final String method, final String path)
    {
        return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> send(final HttpRequest.Builder request)
    {
        try
        {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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
        try
        {
            return JSON.readTree(response.body());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + response.body(), ex);
        }
    }

    /** Asserts an RFC 9457 answer and returns its body for further checks. */
    static JsonNode assertProblem(
        final HttpResponse<String> response, final int status, final String slug, final String... detailMentions)
    {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null));
        final JsonNode problem = json(response);
        assertEquals("https://weft.dev/problems/" + slug, problem.path("type").asText(), response.body());
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("title").isTextual() && !problem.path("title").asText().isBlank(), response.body());
        assertEquals(response.uri().getPath(), problem.path("instance").asText());
        final String detail = problem.path("detail").asText();
        for (final String mention : detailMentions)
        {
            assertTrue(detail.contains(mention), "detail '" + detail + "' should mention '" + mention + "'");
        }
        return problem;
    }

    void assertHealthy()
    {
        final HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", json(health).path("status").asText());
    }
}
