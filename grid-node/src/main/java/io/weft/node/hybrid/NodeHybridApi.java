package io.weft.node.hybrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import io.weft.fabric.store.FabricStores;
import io.weft.node.events.EventPayload;
import io.weft.rest.HybridApi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;

/**
 * Both sides of hybrid operation on a node: as a control plane it issues listener tokens, serves each listener its
 * intent and keeps what the listener reports ({@code weft.hybrid.reports}); as a data plane it shows its own
 * listener, when {@code hybrid.control-plane-url} is set.
 */
public final class NodeHybridApi implements HybridApi
{
    private final ListenerCredentialStore credentials;
    private final IntentAssembler intents;
    private final FabricStores fabric;
    private final IMap<String, String> reports;
    private final HybridListenerAgent listener;
    private final LongSupplier clockMs;

    public NodeHybridApi(final ListenerCredentialStore credentials, final IntentAssembler intents, final FabricStores fabric,
        final IMap<String, String> reports, final HybridListenerAgent listener, final LongSupplier clockMs)
    {
        this.credentials = credentials;
        this.intents = intents;
        this.fabric = fabric;
        this.reports = reports;
        this.listener = listener;
        this.clockMs = clockMs;
    }

    @Override
    public Object intent(final String listenerToken)
    {
        return intents.intentFor(gatewayOf(listenerToken), clockMs.getAsLong());
    }

    @Override
    public Object applied(final String listenerToken, final JsonNode report)
    {
        final String gatewayId = gatewayOf(listenerToken);
        if (!report.isObject() || !report.path("revision").isTextual())
        {
            throw new IllegalArgumentException("a report is a JSON object with the 'revision' it applied");
        }
        final Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("gatewayId", gatewayId);
        stored.put("receivedAt", Instant.ofEpochMilli(clockMs.getAsLong()).toString());
        stored.put("report", report);
        final String json = EventPayload.json(stored);
        reports.set(gatewayId, json);
        return stored;
    }

    @Override
    public Object issueToken(final String gatewayId, final String principal)
    {
        fabric.gateways().find(gatewayId)
            .orElseThrow(() -> new NoSuchElementException("gateway '" + gatewayId + "' is not registered; register it first"));
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("gatewayId", gatewayId);
        body.put("token", credentials.issue(gatewayId));
        body.put("detail", "shown once; give it to the data plane's listener as hybrid.listener-token-file. Issuing again replaces it.");
        return body;
    }

    @Override
    public Object listener(final String gatewayId)
    {
        fabric.gateways().find(gatewayId).orElseThrow(() -> new NoSuchElementException("gateway '" + gatewayId + "' is not registered"));
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("gatewayId", gatewayId);
        body.put("intent", intents.intentFor(gatewayId, clockMs.getAsLong()).get("revision"));
        final String report = reports.get(gatewayId);
        body.put("lastReport", report == null ? null : EventPayload.parse(report));
        return body;
    }

    @Override
    public Object localListener()
    {
        return listener == null ? Map.of("enabled", false) : listener.status();
    }

    private String gatewayOf(final String token)
    {
        final String gatewayId = credentials.gatewayOf(token);
        if (gatewayId == null)
        {
            throw new SecurityException("the listener token is not valid");
        }
        return gatewayId;
    }
}
