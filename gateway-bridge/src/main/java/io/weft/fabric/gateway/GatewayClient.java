package io.weft.fabric.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.fabric.FabricJson;
import io.weft.fabric.Gateway;
import io.weft.fabric.template.TemplateDefinition;
import io.weft.fabric.template.TemplateDigester;
import io.weft.fabric.template.TemplateList;
import io.weft.fabric.template.TemplatePublished;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls the gateway API of one Weft cluster. Every call is asynchronous ({@link HttpClient#sendAsync}) with a
 * connect and a request timeout, so a dead gateway costs a bounded wait and never a blocked thread. Failures
 * complete the future with a classified {@link GatewayCallException}; a problem+json answer's type and detail
 * are kept so the control plane can tell an admin what the gateway said.
 *
 * <p>The token travels only in the Authorization header; it is not part of any message or log line.
 */
public final class GatewayClient implements AutoCloseable
{
    private static final ObjectMapper JSON = FabricJson.mapper();
    private static final int MAX_DETAIL_CHARS = 300;

    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final Duration requestTimeout;

    public GatewayClient(final Duration connectTimeout, final Duration requestTimeout)
    {
        this(connectTimeout, requestTimeout, null);
    }

    /** {@code sslContext}, when not null, decides which HTTPS gateways are trusted (see {@link PemTrust}). */
    public GatewayClient(final Duration connectTimeout, final Duration requestTimeout, final javax.net.ssl.SSLContext sslContext)
    {
        final AtomicInteger count = new AtomicInteger();
        // Our own pool, so close() can release it; the JDK's default one lives as long as the client object.
        this.httpThreads = Executors.newCachedThreadPool(runnable ->
        {
            final Thread thread = new Thread(runnable, "weft-gateway-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        final HttpClient.Builder builder = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(httpThreads);
        if (sslContext != null)
        {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
        this.requestTimeout = requestTimeout;
    }

    public CompletableFuture<GatewayReply<GatewayHealthReply>> health(final Gateway gateway, final String token)
    {
        return call(gateway, token, "GET", GatewayPaths.HEALTH, null, GatewayHealthReply.class);
    }

    public CompletableFuture<GatewayReply<GatewayRuntime>> runtime(final Gateway gateway, final String token)
    {
        return call(gateway, token, "GET", GatewayPaths.RUNTIME, null, GatewayRuntime.class);
    }

    public CompletableFuture<GatewayReply<TemplateList>> templates(final Gateway gateway, final String token)
    {
        return call(gateway, token, "GET", GatewayPaths.TEMPLATES, null, TemplateList.class);
    }

    /** Sends the template's canonical bytes, so the gateway digests exactly what the control plane digested. */
    public CompletableFuture<GatewayReply<TemplatePublished>> publish(
        final Gateway gateway, final String token, final TemplateDefinition template)
    {
        return call(gateway, token, "POST", GatewayPaths.TEMPLATES, TemplateDigester.canonicalBytes(template), TemplatePublished.class);
    }

    public CompletableFuture<GatewayReply<SchedulerCommand>> pause(
        final Gateway gateway, final String token, final String executorClass)
    {
        return call(gateway, token, "POST", GatewayPaths.SCHEDULER_PAUSE, commandBody(executorClass), SchedulerCommand.class);
    }

    public CompletableFuture<GatewayReply<SchedulerCommand>> resume(
        final Gateway gateway, final String token, final String executorClass)
    {
        return call(gateway, token, "POST", GatewayPaths.SCHEDULER_RESUME, commandBody(executorClass), SchedulerCommand.class);
    }

    public CompletableFuture<GatewayReply<CapacityReport>> capacity(final Gateway gateway, final String token)
    {
        return call(gateway, token, "GET", GatewayPaths.CAPACITY, null, CapacityReport.class);
    }

    public CompletableFuture<GatewayReply<ExecutionAccepted>> execute(
        final Gateway gateway, final String token, final ExecutionRequest request)
    {
        return call(gateway, token, "POST", GatewayPaths.EXECUTIONS, bytes(request), ExecutionAccepted.class);
    }

    /** Any gateway API read, as a JSON tree: for the control plane's per-gateway diagnostics. */
    public CompletableFuture<GatewayReply<JsonNode>> get(final Gateway gateway, final String token, final String path)
    {
        return call(gateway, token, "GET", path, null, JsonNode.class);
    }

    private <T> CompletableFuture<GatewayReply<T>> call(
        final Gateway gateway,
        final String token,
        final String method,
        final String path,
        final byte[] body,
        final Class<T> type)
    {
        if (token == null || token.isEmpty())
        {
            return CompletableFuture.failedFuture(new GatewayCallException(
                GatewayCallException.Kind.NO_TOKEN, 0, null, null,
                "no token is configured for gateway " + gateway.gatewayId()));
        }
        final HttpRequest request;
        try
        {
            request = HttpRequest.newBuilder(URI.create(stripSlash(gateway.url()) + path))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ?
                    HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        }
        catch (final IllegalArgumentException ex)
        {
            return CompletableFuture.failedFuture(new GatewayCallException(
                GatewayCallException.Kind.CONNECT_FAILED, 0, null, null, "gateway URL '" + gateway.url() + "' is not usable"));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
            .handle((response, failure) ->
            {
                if (failure != null)
                {
                    throw classify(failure);
                }
                return decode(response, type);
            });
    }

    private static <T> GatewayReply<T> decode(final HttpResponse<byte[]> response, final Class<T> type)
    {
        final int status = response.statusCode();
        if (status >= 200 && status < 300)
        {
            try
            {
                return new GatewayReply<>(status, JSON.readValue(response.body(), type));
            }
            catch (final IOException ex)
            {
                throw new GatewayCallException(
                    GatewayCallException.Kind.MALFORMED_RESPONSE, status, null, null,
                    "the gateway's answer is not a " + type.getSimpleName() + ": " + abbreviate(firstLine(ex)));
            }
        }
        String problemType = null;
        String problemTitle = null;
        String detail = "HTTP " + status;
        try
        {
            final JsonNode problem = JSON.readTree(response.body());
            if (problem != null && problem.isObject())
            {
                problemType = problem.path("type").isTextual() ? problem.path("type").asText() : null;
                problemTitle = problem.path("title").isTextual() ? problem.path("title").asText() : null;
                if (problem.path("detail").isTextual())
                {
                    detail = "HTTP " + status + ": " + abbreviate(problem.path("detail").asText());
                }
            }
        }
        catch (final IOException ex)
        {
            // Not problem+json (a proxy's error page, say): the status alone says enough.
        }
        throw new GatewayCallException(GatewayCallException.Kind.HTTP_ERROR, status, problemType, problemTitle, detail);
    }

    private static GatewayCallException classify(final Throwable failure)
    {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException ||
            cause instanceof UnresolvedAddressException)
        {
            return new GatewayCallException(
                GatewayCallException.Kind.CONNECT_FAILED, 0, null, null, "cannot connect: " + GatewayCallException.describe(cause));
        }
        if (cause instanceof HttpTimeoutException)
        {
            return new GatewayCallException(GatewayCallException.Kind.TIMEOUT, 0, null, null, "no answer within the timeout");
        }
        return new GatewayCallException(
            GatewayCallException.Kind.IO_ERROR, 0, null, null, "connection failed: " + GatewayCallException.describe(cause));
    }

    private static byte[] commandBody(final String executorClass)
    {
        return executorClass == null ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) :
            bytes(java.util.Map.of("executorClass", executorClass));
    }

    private static byte[] bytes(final Object value)
    {
        try
        {
            return JSON.writeValueAsBytes(value);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), ex);
        }
    }

    private static String firstLine(final IOException ex)
    {
        final String message = ex instanceof JsonProcessingException json ? json.getOriginalMessage() : ex.getMessage();
        if (message == null)
        {
            return ex.getClass().getSimpleName();
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String stripSlash(final String url)
    {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    @Override
    public void close()
    {
        httpThreads.shutdown();
        try
        {
            if (!httpThreads.awaitTermination(2, TimeUnit.SECONDS))
            {
                httpThreads.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            httpThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
