package io.weft.node.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Asks other nodes for their own histogram of a signal ({@code GET /api/v1/latency/{signal}?scope=node}), all at
 * once, so a cluster answer waits for the slowest node once and never for a node that does not answer in time.
 */
public final class PeerLatencyClient
{
    private static final Logger LOG = LoggerFactory.getLogger(PeerLatencyClient.class);

    private final HttpClient http;
    private final Duration timeout;
    private final Supplier<String> nodeToken;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code trust}, when not null, decides which HTTPS nodes are trusted. */
    public PeerLatencyClient(final Duration timeout, final Supplier<String> nodeToken, final javax.net.ssl.SSLContext trust)
    {
        this.timeout = timeout;
        this.nodeToken = nodeToken;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (trust != null)
        {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    /** Each peer's histogram by node id; a peer that did not answer well maps to null. */
    public Map<String, Histogram> fetch(
        final Map<String, String> restBaseUrlByNode, final String signal, final String executorClass, final String window)
    {
        final Map<String, CompletableFuture<Histogram>> pending = new LinkedHashMap<>();
        restBaseUrlByNode.forEach((nodeId, baseUrl) -> pending.put(nodeId, ask(baseUrl, signal, executorClass, window)));
        final Map<String, Histogram> answers = new LinkedHashMap<>();
        pending.forEach((nodeId, answer) -> {
            try
            {
                answers.put(nodeId, answer.join());
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("node {} gave no latency answer", nodeId, ex);
                answers.put(nodeId, null);
            }
        });
        return answers;
    }

    private CompletableFuture<Histogram> ask(final String baseUrl, final String signal, final String executorClass, final String window)
    {
        final StringBuilder uri = new StringBuilder(baseUrl).append("/api/v1/latency/").append(encode(signal)).append("?scope=node");
        if (executorClass != null)
        {
            uri.append("&class=").append(encode(executorClass));
        }
        if (window != null)
        {
            uri.append("&window=").append(encode(window));
        }
        final HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(timeout)
            .header("Authorization", "Bearer " + nodeToken.get()).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
            .thenApply(response -> {
                if (response.statusCode() != 200)
                {
                    throw new IllegalStateException("answered " + response.statusCode());
                }
                return decode(response.body());
            });
    }

    private Histogram decode(final byte[] body)
    {
        try
        {
            final JsonNode node = json.readTree(body);
            final byte[] compressed = Base64.getDecoder().decode(node.get("histogram").asText());
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("an unreadable latency answer", ex);
        }
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<String> names(final Map<String, Histogram> answers, final boolean answered)
    {
        return answers.entrySet().stream().filter(e -> (e.getValue() != null) == answered).map(Map.Entry::getKey).toList();
    }
}
