package io.weft.node.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** Blocking GETs against one node's REST API, for the report: JSON, text and image answers. */
final class ReportClient
{
    static final ObjectMapper JSON = new ObjectMapper();
    /** An error body is quoted in the report, so only its start: enough to say what went wrong. */
    private static final int ERROR_BODY_CHARS = 200;

    private final String base;
    private final Duration timeout;
    private final HttpClient http;

    private final String token;

    ReportClient(final URI base, final Duration timeout)
    {
        this(base, timeout, null);
    }

    /** {@code token}, when not null, goes with every request as a bearer token. */
    ReportClient(final URI base, final Duration timeout, final String token)
    {
        this(base, timeout, token, null);
    }

    /** {@code trust}, when not null, decides which HTTPS nodes are trusted. */
    ReportClient(final URI base, final Duration timeout, final String token, final javax.net.ssl.SSLContext trust)
    {
        this.token = token;
        this.base = base.toString();
        this.timeout = timeout;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL);
        if (trust != null)
        {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    String base()
    {
        return base;
    }

    JsonNode json(final String path, final Map<String, String> query) throws IOException, InterruptedException
    {
        final byte[] body = get(path, query, "application/json");
        try
        {
            return JSON.readTree(body);
        }
        catch (final IOException ex)
        {
            throw new IOException(path + " answered something that is not JSON", ex);
        }
    }

    String text(final String path, final Map<String, String> query) throws IOException, InterruptedException
    {
        return new String(get(path, query, "text/plain"), StandardCharsets.UTF_8);
    }

    byte[] png(final String path, final Map<String, String> query) throws IOException, InterruptedException
    {
        final byte[] body = get(path, query, "image/png");
        if (!isPng(body))
        {
            throw new IOException(path + " answered something that is not a PNG image");
        }
        return body;
    }

    static boolean isPng(final byte[] bytes)
    {
        final byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        if (bytes.length < signature.length)
        {
            return false;
        }
        for (int i = 0; i < signature.length; i++)
        {
            if (bytes[i] != signature[i])
            {
                return false;
            }
        }
        return true;
    }

    /** One line for a person: the HTTP client's own messages are often null or name only the exception. */
    static String describe(final IOException ex)
    {
        if (ex instanceof StatusException)
        {
            return ex.getMessage();
        }
        if (ex instanceof HttpConnectTimeoutException)
        {
            return "connection timed out";
        }
        if (ex instanceof HttpTimeoutException)
        {
            return "no answer in time";
        }
        if (ex instanceof ConnectException)
        {
            return "connection refused";
        }
        final String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }

    /** Path segments such as signal names are kebab-case today; encoding keeps an odd one from breaking the URL. */
    static String segment(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private byte[] get(final String path, final Map<String, String> query, final String accept)
        throws IOException, InterruptedException
    {
        final URI uri = URI.create(base + path + queryString(query));
        final HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept);
        if (token != null)
        {
            builder.header("Authorization", "Bearer " + token);
        }
        final HttpRequest request = builder.GET().build();
        final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2)
        {
            throw new StatusException(path, response.statusCode(), response.body());
        }
        return response.body();
    }

    private static String queryString(final Map<String, String> query)
    {
        if (query.isEmpty())
        {
            return "";
        }
        final StringJoiner joined = new StringJoiner("&", "?", "");
        for (final Map.Entry<String, String> entry : query.entrySet())
        {
            joined.add(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        }
        return joined.toString();
    }

    /** The node answered, but not with success. */
    static final class StatusException extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final int status;

        StatusException(final String path, final int status, final byte[] body)
        {
            super(path + " answered HTTP " + status + excerpt(body));
            this.status = status;
        }

        int status()
        {
            return status;
        }

        private static String excerpt(final byte[] body)
        {
            if (body == null || body.length == 0)
            {
                return "";
            }
            final String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return text.isEmpty() ? "" : ": " + (text.length() > ERROR_BODY_CHARS
                ? text.substring(0, ERROR_BODY_CHARS) + "..." : text);
        }
    }
}
