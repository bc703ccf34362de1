package io.weft.node.hybrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import io.weft.node.events.EventPayload;
import io.weft.node.events.EventPublisher;
import io.weft.rest.events.EventSeverity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The data plane's side of hybrid operation: every poll interval it pulls its intent from its control plane with its
 * listener token, applies it ({@link IntentApplier}) and reports back what it applied. Only the node that owns the
 * scheduler listens, so one node of a data-plane cluster applies and the rest stand by. When the control plane
 * cannot be reached nothing is undone: the data plane keeps scheduling on the intent it last applied and picks up
 * whatever changed meanwhile at the first poll that succeeds.
 */
public final class HybridListenerAgent implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(HybridListenerAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVISION = "revision";

    private final URI controlPlane;
    private final String gatewayId;
    private final Path tokenFile;
    private final HttpClient client;
    private final Duration timeout;
    private final IntentApplier applier;
    private final BooleanSupplier isOwner;
    private final EventPublisher events;
    private final IMap<String, String> applied;
    private final ScheduledExecutorService thread;

    private volatile boolean active;
    private volatile Boolean reachable;
    private volatile long lastPollMs;
    private volatile long lastSuccessMs;
    private volatile String lastError;
    private volatile String appliedRevision;
    private volatile long appliedAtMs;
    private volatile String reportedRevision;
    private volatile List<String> lastChanges = List.of();
    private volatile List<String> lastErrors = List.of();

    public HybridListenerAgent(final URI controlPlane, final String gatewayId, final Path tokenFile, final HttpClient client,
        final Duration timeout, final IntentApplier applier, final BooleanSupplier isOwner, final EventPublisher events,
        final IMap<String, String> applied)
    {
        this.controlPlane = controlPlane;
        this.gatewayId = gatewayId;
        this.tokenFile = tokenFile;
        this.client = client;
        this.timeout = timeout;
        this.applier = applier;
        this.isOwner = isOwner;
        this.events = events;
        this.applied = applied;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "weft-hybrid-listener");
            t.setDaemon(true);
            return t;
        });
    }

    public HybridListenerAgent start(final long pollIntervalMs)
    {
        thread.scheduleWithFixedDelay(this::pollQuietly, 0, pollIntervalMs, TimeUnit.MILLISECONDS);
        LOG.info("hybrid listener for gateway {} pulls its intent from {} every {} ms", gatewayId, controlPlane, pollIntervalMs);
        return this;
    }

    private void pollQuietly()
    {
        try
        {
            poll();
        }
        catch (final RuntimeException ex)
        {
            lastError = ex.toString();
            LOG.warn("hybrid listener poll failed", ex);
        }
    }

    void poll()
    {
        active = isOwner.getAsBoolean();
        if (!active)
        {
            return;
        }
        lastPollMs = System.currentTimeMillis();
        if (appliedRevision == null)
        {
            appliedRevision = applied.get(REVISION); // what an earlier owner of this data plane applied
        }
        final String token;
        try
        {
            token = Files.readString(tokenFile).strip();
        }
        catch (final IOException ex)
        {
            lastError = "no listener token in " + tokenFile + " (issue one with POST /api/v1/hybrid/listeners/" + gatewayId + "/token)";
            return;
        }
        final JsonNode intent;
        try
        {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint("/hybrid/v1/intent"))
                .timeout(timeout).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
            {
                unreachable("the control plane answered " + response.statusCode() + ": " + abbreviate(response.body()));
                return;
            }
            intent = JSON.readTree(response.body());
        }
        catch (final IOException ex)
        {
            unreachable("the control plane at " + controlPlane + " cannot be reached: " + ex);
            return;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        if (Boolean.FALSE.equals(reachable))
        {
            LOG.info("hybrid listener: the control plane at {} answers again", controlPlane);
            events.publish("hybrid.control-plane-reachable", EventSeverity.INFO, 0, null, null, gatewayId, null,
                EventPayload.of("controlPlane", controlPlane.toString()));
        }
        reachable = true;
        lastError = null;
        lastSuccessMs = System.currentTimeMillis();
        final String revision = intent.path("revision").asText();
        final IntentApplier.Outcome outcome = applier.apply(intent, lastSuccessMs);
        if (!revision.equals(appliedRevision) || !outcome.changes().isEmpty() || !outcome.errors().equals(lastErrors))
        {
            appliedRevision = revision;
            appliedAtMs = lastSuccessMs;
            lastChanges = outcome.changes();
            lastErrors = outcome.errors();
            applied.set(REVISION, revision);
            LOG.info("hybrid listener applied intent {} of group {}: {} change(s), {} error(s)", revision, intent.path("groupId").asText(),
                outcome.changes().size(), outcome.errors().size());
            events.publish("hybrid.intent-applied", outcome.errors().isEmpty() ? EventSeverity.INFO : EventSeverity.WARNING, 0, null,
                null, gatewayId, intent.path("groupId").asText(null), EventPayload.of("revision", revision, "changes", outcome.changes(),
                    "errors", outcome.errors()));
        }
        if (!revision.equals(reportedRevision))
        {
            report(token, revision);
        }
    }

    private void report(final String token, final String revision)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", revision);
        body.put("appliedAt", Instant.ofEpochMilli(appliedAtMs).toString());
        body.put("outcome", lastErrors.isEmpty() ? "APPLIED" : "PARTIAL");
        body.put("changes", lastChanges);
        body.put("errors", lastErrors);
        try
        {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint("/hybrid/v1/intent/applied"))
                .timeout(timeout).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventPayload.json(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200)
            {
                reportedRevision = revision;
            }
        }
        catch (final IOException ex)
        {
            LOG.debug("hybrid listener could not report; it reports again at the next poll", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Under the control plane's URL as given, base path and all (a proxy may serve it under one). */
    private URI endpoint(final String path)
    {
        final String base = controlPlane.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private void unreachable(final String why)
    {
        lastError = why;
        if (!Boolean.FALSE.equals(reachable))
        {
            LOG.warn("hybrid listener: {}; the data plane keeps running on intent {}", why, appliedRevision);
            events.publish("hybrid.control-plane-unreachable", EventSeverity.WARNING, 0, null, null, gatewayId, null,
                EventPayload.of("controlPlane", controlPlane.toString(), "error", why, "keptRevision", appliedRevision));
        }
        reachable = false;
    }

    /** {@code GET /api/v1/hybrid}. */
    public Map<String, Object> status()
    {
        final Map<String, Object> status = new LinkedHashMap<>();
        status.put("enabled", true);
        status.put("controlPlane", controlPlane.toString());
        status.put("gatewayId", gatewayId);
        status.put("role", active ? "listening" : "standby (another node of this cluster owns the scheduler and listens)");
        status.put("reachable", reachable);
        status.put("lastPollAt", time(lastPollMs));
        status.put("lastSuccessAt", time(lastSuccessMs));
        status.put("appliedRevision", appliedRevision);
        status.put("appliedAt", time(appliedAtMs));
        status.put("reportedRevision", reportedRevision);
        status.put("lastChanges", lastChanges);
        status.put("lastErrors", lastErrors);
        status.put("lastError", lastError);
        return status;
    }

    private static String time(final long epochMs)
    {
        return epochMs == 0 ? null : Instant.ofEpochMilli(epochMs).toString();
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public void close()
    {
        thread.shutdownNow();
    }
}
