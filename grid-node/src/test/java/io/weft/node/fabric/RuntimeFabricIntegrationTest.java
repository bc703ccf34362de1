package io.weft.node.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.node.NodeConfig;
import io.weft.node.WeftNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Runtime Fabric on real Weft nodes: a control-plane node and gateway nodes, each its own cluster (own grid,
 * scheduler, Aeron driver and HTTP bridge), with different versions and features, talking over HTTP with bearer
 * tokens. Nothing is faked.
 */
class RuntimeFabricIntegrationTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = """
        {"name": "invoice", "version": "%s", "parameters": {"doc": null, "lang": "en"},
         "dag": {"jobs": [
           {"id": "ocr", "executorClass": "ocr", "payload": {"document": "${doc}", "lang": "${lang}"}},
           {"id": "classify", "executorClass": "classify", "dependsOn": ["ocr"]}]}}
        """;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WeftNode> nodes = new ArrayList<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private Path gatewaysFile;

    @BeforeEach
    void tokens() throws IOException
    {
        gatewaysFile = tmp.resolve("gateways.json");
        tokens.put("liar", "not-the-token");
        writeGatewaysFile();
    }

    @AfterEach
    void stopNodes()
    {
        for (final WeftNode node : nodes)
        {
            node.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void validationFindsHealthyMismatchedUnknownAndDegradedGroups() throws Exception
    {
        final WeftNode control = controlPlane();
        final WeftNode g1 = gateway("g1", "1.0", "gpu");
        final WeftNode g2 = gateway("g2", "1.0", "gpu");
        final WeftNode g3 = gateway("g3", "2.0", "");
        register(control, "g1", g1, "READ_WRITE");
        register(control, "g2", g2, "READ_WRITE");
        register(control, "g3", g3, "READ_WRITE");
        assertEquals(201, post(control, "/api/v1/fabric/groups", """
            {"groupId": "east", "name": "East", "environment": "production", "region": "us-east-1",
             "expectedVersion": "1.0", "requiredCapabilities": ["gpu"], "minGateways": 2, "maxGateways": 4}
            """).statusCode());
        assertEquals("UNKNOWN", json(get(control, "/api/v1/fabric/groups/east")).path("status").asText(), "never validated");
        assign(control, "east", "g1");
        assign(control, "east", "g2");

        final JsonNode healthy = validate(control, "east");
        assertEquals("HEALTHY", healthy.path("status").asText(), healthy.toString());
        assertEquals(2, healthy.path("health").path("healthy").asInt());
        assertFalse(healthy.path("health").path("lastCheckAt").isNull());

        assign(control, "east", "g3");
        final JsonNode mismatched = validate(control, "east");
        assertEquals("MISMATCHED", mismatched.path("status").asText(), mismatched.toString());
        final JsonNode g3Inspection = mismatched.path("gateways").get(2);
        assertEquals("g3", g3Inspection.path("gatewayId").asText());
        assertEquals("MISMATCHED", g3Inspection.path("result").asText());
        assertEquals("{\"field\":\"version\",\"expected\":\"1.0\",\"actual\":\"2.0\"}", g3Inspection.path("differences").get(0).toString());
        assertEquals("{\"field\":\"capability\",\"expected\":\"gpu\",\"actual\":null}", g3Inspection.path("differences").get(1).toString());
        assertEquals("MATCHES", mismatched.path("gateways").get(0).path("result").asText());
        final JsonNode validations = json(get(control, "/api/v1/events?after=-1&type=fabric.validation"));
        assertEquals(List.of("HEALTHY", "MISMATCHED"), validations.path("events").findValuesAsText("status"),
            "each validation is an event: " + validations);
        assertEquals("WARNING", validations.path("events").get(1).path("severity").asText());
        assertEquals("east", validations.path("events").get(1).path("group").asText());

        // A gateway that answers but refuses the control plane's token cannot be inspected.
        assign(control, "default-production", "g3");
        register(control, "liar", g1, "READ_WRITE");
        assign(control, "east", "liar");
        final JsonNode unknown = validate(control, "east");
        assertEquals("UNKNOWN", unknown.path("status").asText(), unknown.toString());
        final JsonNode liar = unknown.path("gateways").get(2);
        assertEquals("liar", liar.path("gatewayId").asText());
        assertEquals("REJECTED", liar.path("health").asText());
        assertEquals("NOT_INSPECTED", liar.path("result").asText());
        assertTrue(liar.path("detail").asText().contains("401"), liar.toString());
        assertEquals(204, delete(control, "/api/v1/fabric/gateways/liar").statusCode());

        g2.close();
        assertEquals("DOWN", json(post(control, "/api/v1/fabric/gateways/g2/health-check", null)).path("state").asText());
        final JsonNode degraded = validate(control, "east");
        assertEquals("DEGRADED", degraded.path("status").asText(), degraded.toString());
        assertEquals(1, degraded.path("health").path("healthy").asInt());
        assertEquals(1, degraded.path("health").path("degraded").asInt());
        assertEquals("UNAVAILABLE", degraded.path("gateways").get(1).path("result").asText());
        assertEquals("DEGRADED", json(get(control, "/api/v1/fabric/groups/east")).path("status").asText());

        // The control plane's state is in its grid, where every control-plane node of the cluster would see it.
        assertTrue(control.hazelcast().getMap(RuntimeFabricWiring.GROUPS).containsKey("east"));
        assertTrue(control.hazelcast().getMap(RuntimeFabricWiring.VALIDATIONS).containsKey("east"));

        final JsonNode deletion = json(delete(control, "/api/v1/fabric/groups/east"));
        assertEquals(2, deletion.path("movedGateways").size());
        assertEquals("default-production", json(get(control, "/api/v1/fabric/gateways/g1")).path("groupId").asText());
        assertEquals("default-production", json(get(control, "/api/v1/fabric/gateways/g2")).path("groupId").asText());
    }

    @Test
    void aPublishedGroupIsInSyncUntilAGatewayIsTamperedWith() throws Exception
    {
        final WeftNode control = controlPlane();
        final WeftNode g1 = gateway("g1", "1.0", "");
        final WeftNode g2 = gateway("g2", "1.0", "");
        register(control, "g1", g1, "READ_WRITE");
        register(control, "g2", g2, "READ_WRITE");
        createGroup(control, "docs", "g1", "g2");

        final JsonNode published = json(post(control, "/api/v1/fabric/groups/docs/publications", TEMPLATE.formatted("1")));
        assertEquals("ALL_SUCCEEDED", published.path("aggregate").asText(), published.toString());
        assertEquals(2, published.path("outcomes").size());
        assertEquals("published", published.path("outcomes").get(0).path("detail").asText());
        assertEquals(201, published.path("outcomes").get(0).path("httpStatus").asInt());
        final String digest = published.path("digest").asText();
        post(control, "/api/v1/fabric/groups/docs/publications", TEMPLATE.formatted("1").replace("invoice", "receipt"));
        assertEquals(2, json(get(control, "/api/v1/fabric/groups/docs/publications")).path("publications").size());
        assertEquals(digest, json(getGateway(g1, "g1", "/gateway/v1/templates")).path("templates").get(0).path("digest").asText(),
            "the gateway digests exactly what the control plane digested");

        final JsonNode clean = json(get(control, "/api/v1/fabric/groups/docs/drift"));
        assertEquals("IN_SYNC", clean.path("summary").path("state").asText(), clean.toString());
        assertEquals(2, clean.path("summary").path("inSync").asInt());

        // Behind the control plane's back: g1 swaps invoice 1 for 2, g2 loses receipt.
        assertEquals(204, sendGateway(g1, "g1", "DELETE", "/gateway/v1/templates/invoice/1", null).statusCode());
        assertEquals(201, sendGateway(g1, "g1", "POST", "/gateway/v1/templates", TEMPLATE.formatted("2")).statusCode());
        assertEquals(204, sendGateway(g2, "g2", "DELETE", "/gateway/v1/templates/receipt/1", null).statusCode());

        final JsonNode drift = json(get(control, "/api/v1/fabric/groups/docs/drift"));
        assertEquals("DRIFTED", drift.path("summary").path("state").asText(), drift.toString());
        assertEquals(2, drift.path("summary").path("drifted").asInt());
        assertEquals(1, drift.path("summary").path("versionMismatches").asInt());
        assertEquals(1, drift.path("summary").path("missing").asInt());
        final JsonNode g1Drift = drift.path("gateways").get(0);
        assertEquals("g1", g1Drift.path("gatewayId").asText());
        assertEquals("VERSION_MISMATCH", g1Drift.path("items").get(0).path("kind").asText());
        assertEquals("invoice", g1Drift.path("items").get(0).path("template").asText());
        assertEquals("[\"2\"]", g1Drift.path("items").get(0).path("actualVersions").toString());
        final JsonNode g2Drift = drift.path("gateways").get(1);
        assertEquals("MISSING", g2Drift.path("items").get(0).path("kind").asText());
        assertEquals("receipt", g2Drift.path("items").get(0).path("template").asText());

        // Publishing again repairs it, and republishing held content is a no-op on the gateway.
        final JsonNode repaired = json(post(control, "/api/v1/fabric/groups/docs/publications", TEMPLATE.formatted("1")));
        assertEquals("ALL_SUCCEEDED", repaired.path("aggregate").asText(), repaired.toString());
        assertEquals("already held, unchanged", repaired.path("outcomes").get(1).path("detail").asText());
    }

    @Test
    void aPauseFanOutWithOneGatewayDownIsAPartialFailureNamingIt() throws Exception
    {
        final WeftNode control = controlPlane();
        final WeftNode g1 = gateway("g1", "1.0", "");
        final WeftNode g2 = gateway("g2", "1.0", "");
        register(control, "g1", g1, "READ_WRITE");
        register(control, "g2", g2, "READ_WRITE");
        createGroup(control, "ops", "g1", "g2");
        g2.close();

        final HttpResponse<String> response = post(control, "/api/v1/fabric/groups/ops/scheduler/pause", "{\"executorClass\": \"ocr\"}");

        assertEquals(200, response.statusCode(), response.body());
        final JsonNode result = json(response);
        assertEquals("PARTIAL", result.path("aggregate").asText(), result.toString());
        assertEquals(1, result.path("succeeded").asInt());
        assertEquals(1, result.path("failed").asInt());
        assertEquals("ocr", result.path("executorClass").asText());
        final JsonNode g1Outcome = result.path("outcomes").get(0);
        final JsonNode g2Outcome = result.path("outcomes").get(1);
        assertEquals("g1", g1Outcome.path("gatewayId").asText());
        assertEquals("SUCCEEDED", g1Outcome.path("outcome").asText());
        assertEquals(202, g1Outcome.path("httpStatus").asInt());
        assertEquals("g2", g2Outcome.path("gatewayId").asText());
        assertEquals("FAILED", g2Outcome.path("outcome").asText());
        assertFalse(g2Outcome.path("detail").asText().isBlank());
        await().atMost(Duration.ofSeconds(10)).until(() -> g1.api().pauseState().pausedClasses().contains("ocr"));

        final JsonNode resumed = json(post(control, "/api/v1/fabric/groups/ops/scheduler/resume", "{\"executorClass\": \"ocr\"}"));
        assertEquals("PARTIAL", resumed.path("aggregate").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> g1.api().pauseState().pausedClasses().isEmpty());
    }

    @Test
    void anExecutionGoesToAHealthyWritableGatewayAndIsRecorded() throws Exception
    {
        final WeftNode control = controlPlane();
        final WeftNode reader = gateway("reader", "1.0", "");
        final WeftNode writer = gateway("writer", "1.0", "");
        register(control, "reader", reader, "READ_ONLY");
        register(control, "writer", writer, "READ_WRITE");
        createGroup(control, "run", "reader", "writer");
        assertEquals("ALL_SUCCEEDED", json(post(control, "/api/v1/fabric/groups/run/publications", TEMPLATE.formatted("1")))
            .path("aggregate").asText());

        final HttpResponse<String> created = post(control, "/api/v1/fabric/groups/run/executions",
            "{\"template\": \"invoice\", \"parameters\": {\"doc\": \"s3://in/17.pdf\"}}");

        assertEquals(201, created.statusCode(), created.body());
        final JsonNode execution = json(created);
        assertEquals("run", execution.path("groupId").asText());
        assertEquals("writer", execution.path("gatewayId").asText(), "the read-only gateway takes no writes");
        assertEquals("1", execution.path("version").asText(), "the group's published version");
        final String dagId = execution.path("dagId").asText();
        final JsonNode dag = json(send(writer.restPort(), "GET", "/api/v1/dags/" + dagId, null, writer.adminToken()));
        assertEquals("invoice@1", dag.path("name").asText(), "the DAG exists on the resolved gateway's cluster: " + dag);
        assertEquals(created.headers().firstValue("Location").orElseThrow(),
            "/api/v1/fabric/executions/" + execution.path("executionId").asText());

        final JsonNode listed = json(get(control, "/api/v1/fabric/groups/run/executions")).path("executions");
        assertEquals(1, listed.size());
        assertEquals(dagId, listed.get(0).path("dagId").asText());
        assertEquals(execution, json(get(control, "/api/v1/fabric/executions/" + execution.path("executionId").asText())));

        final HttpResponse<String> missing = post(control, "/api/v1/fabric/groups/run/executions", "{\"template\": \"invoice\"}");
        assertEquals(422, missing.statusCode(), missing.body());
        assertEquals("https://weft.dev/problems/missing-parameter", json(missing).path("type").asText());
        assertTrue(json(missing).path("detail").asText().contains("gateway writer"), missing.body());

        writer.close();
        post(control, "/api/v1/fabric/gateways/writer/health-check", null);
        final HttpResponse<String> none = post(control, "/api/v1/fabric/groups/run/executions",
            "{\"template\": \"invoice\", \"parameters\": {\"doc\": \"x\"}}");
        assertEquals(503, none.statusCode(), none.body());
        assertEquals("https://weft.dev/problems/no-eligible-gateway", json(none).path("type").asText());
        assertTrue(json(none).path("detail").asText().contains("reader: service type READ_ONLY"), none.body());
        assertTrue(json(none).path("detail").asText().contains("writer: DOWN"), none.body());
    }

    @Test
    void aLoneNodeIsGatewayLocalAndItsGatewayApiWantsTheToken() throws Exception
    {
        // No token configured anywhere: the node makes one up and knows it for its own registration.
        final WeftNode node = start(settings("local-only", "1.0", "gpu").with("gateway.token", ""));

        final JsonNode local = json(post(node, "/api/v1/fabric/gateways/local/health-check", null));
        assertEquals("UP", local.path("state").asText(), local.toString());
        final JsonNode gateway = json(get(node, "/api/v1/fabric/gateways/local"));
        assertEquals("default-development", gateway.path("groupId").asText());
        assertEquals("DEVELOPMENT", gateway.path("environment").asText());
        assertEquals("[\"local\"]", json(get(node, "/api/v1/fabric/groups/default-development")).path("gatewayIds").toString());
        assertEquals("HEALTHY", validate(node, "default-development").path("status").asText());
        assertEquals("1.0", json(get(node, "/api/v1/fabric/gateways/local/runtime")).path("version").asText());
        assertEquals(0, json(get(node, "/api/v1/fabric/gateways/local/capacity")).path("total").asInt());

        final HttpResponse<String> missing = send(node.restPort(), "GET", "/gateway/v1/runtime", null, null);
        assertEquals(401, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(null));
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, send(node.restPort(), "POST", "/gateway/v1/scheduler/pause", null, "guess").statusCode());
        assertFalse(node.api().pauseState().schedulerPaused());

        final HttpResponse<String> badGroup = post(node, "/api/v1/fabric/groups", "{\"groupId\": \"x\", \"environment\": \"moon\"}");
        assertEquals(400, badGroup.statusCode());
        assertEquals("application/problem+json", badGroup.headers().firstValue("Content-Type").orElse(null));
        assertEquals("https://weft.dev/problems/invalid-field-value", json(badGroup).path("type").asText());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private WeftNode controlPlane()
    {
        return start(settings("control", "1.0", "").with("fabric.gateways-file", gatewaysFile.toString()));
    }

    /** A gateway-only node (no control plane of its own) with its own token, listed in the gateways file. */
    private WeftNode gateway(final String id, final String version, final String features) throws IOException
    {
        tokens.put(id, "token-" + id + "-" + UUID.randomUUID());
        writeGatewaysFile();
        return start(settings(id, version, features)
            .with("gateway.token", tokens.get(id))
            .with("fabric.enabled", "false"));
    }

    private NodeConfig settings(final String name, final String version, final String features)
    {
        return NodeConfig.defaults()
            .with("node.id", name)
            .with("cluster.name", "weft-fabric-" + name + "-" + UUID.randomUUID())
            .with("grid.port", "0")
            .with("rest.port", "0")
            .with("executor.endpoint", "127.0.0.1:0")
            .with("aeron.dir", tmp.resolve("aeron-" + name + "-" + UUID.randomUUID()).toString())
            .with("node.version", version)
            .with("node.features", features)
            .with("fabric.health-interval-ms", "500")
            .with("fabric.gateway-timeout-ms", "5000")
            .with("security.admin-token-file", tmp.resolve("admin-token-" + name + "-" + UUID.randomUUID()).toString());
    }

    private WeftNode start(final NodeConfig config)
    {
        final WeftNode node = WeftNode.start(config);
        nodes.add(node);
        return node;
    }

    private void writeGatewaysFile() throws IOException
    {
        Files.writeString(gatewaysFile, JSON.writeValueAsString(tokens));
    }

    private void register(final WeftNode control, final String id, final WeftNode target, final String serviceType)
    {
        final HttpResponse<String> response = post(control, "/api/v1/fabric/gateways",
            "{\"gatewayId\": \"" + id + "\", \"url\": \"http://127.0.0.1:" + target.restPort() +
            "\", \"environment\": \"production\", \"serviceType\": \"" + serviceType + "\"}");
        assertEquals(201, response.statusCode(), response.body());
    }

    /** A production group with only the defaults, holding the given registered gateways in that order. */
    private void createGroup(final WeftNode control, final String groupId, final String... gatewayIds)
    {
        post(control, "/api/v1/fabric/groups", "{\"groupId\": \"" + groupId + "\", \"environment\": \"production\"}");
        for (final String gatewayId : gatewayIds)
        {
            assign(control, groupId, gatewayId);
        }
    }

    private void assign(final WeftNode control, final String groupId, final String gatewayId)
    {
        final HttpResponse<String> response =
            post(control, "/api/v1/fabric/groups/" + groupId + "/gateways", "{\"gatewayId\": \"" + gatewayId + "\"}");
        assertEquals(200, response.statusCode(), response.body());
    }

    private JsonNode validate(final WeftNode control, final String groupId)
    {
        final HttpResponse<String> response = post(control, "/api/v1/fabric/groups/" + groupId + "/validation", null);
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private HttpResponse<String> get(final WeftNode node, final String path)
    {
        return send(node.restPort(), "GET", path, null, node.adminToken());
    }

    private HttpResponse<String> post(final WeftNode node, final String path, final String body)
    {
        return send(node.restPort(), "POST", path, body, node.adminToken());
    }

    private HttpResponse<String> delete(final WeftNode node, final String path)
    {
        return send(node.restPort(), "DELETE", path, null, node.adminToken());
    }

    private HttpResponse<String> getGateway(final WeftNode node, final String id, final String path)
    {
        return sendGateway(node, id, "GET", path, null);
    }

    private HttpResponse<String> sendGateway(final WeftNode node, final String id, final String method, final String path, final String body)
    {
        return send(node.restPort(), method, path, body, tokens.get(id));
    }

    private HttpResponse<String> send(final int port, final String method, final String path, final String body, final String token)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null)
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

    private static JsonNode json(final HttpResponse<String> response)
    {
        try
        {
            return JSON.readTree(response.body());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), ex);
        }
    }
}
