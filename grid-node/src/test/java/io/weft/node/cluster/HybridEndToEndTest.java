package io.weft.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data plane (its own node and executor processes) pulls its intent from a control plane of two node processes
 * with a listener token. The control-plane node it knows is killed with -9: the data plane goes on running DAGs on
 * what it last applied; an intent changed meanwhile on the surviving control-plane node is applied once the killed
 * one is back on its address.
 */
class HybridEndToEndTest
{
    private static final String TEMPLATE = """
        {"name": "invoice", "version": "%s", "parameters": {"doc": null},
         "dag": {"jobs": [{"id": "ocr", "executorClass": "ocr", "payload": {"document": "${doc}"}}]}}
        """;

    @TempDir
    Path controlDir;
    @TempDir
    Path dataDir;

    @Test
    void theDataPlaneRunsOnWithoutItsControlPlaneAndConvergesWhenItReturns() throws Exception
    {
        final Path tokenFile = dataDir.resolve("listener-token");
        // The control plane may also call the data plane's gateway API (health checks) with that gateway's token.
        final String gatewayToken = "edge-" + java.util.UUID.randomUUID();
        final Path gatewaysFile = Files.writeString(controlDir.resolve("gateways.properties"), "edge=" + gatewayToken + "\n");
        try (ClusterHarness control = new ClusterHarness(controlDir, 2, Map.of("fabric.enabled", "true",
                "fabric.gateways-file", gatewaysFile.toString()));
             ClusterHarness edge = new ClusterHarness(dataDir, 1, Map.of(
                 "gateway.token", gatewayToken,
                 "hybrid.control-plane-url", control.node(0).baseUrl(),
                 "hybrid.gateway-id", "edge",
                 "hybrid.listener-token-file", tokenFile.toString(),
                 "hybrid.poll-interval-ms", "300",
                 "hybrid.request-timeout-ms", "1000")))
        {
            run(control, edge, tokenFile);
        }
    }

    private static void run(final ClusterHarness control, final ClusterHarness edge, final Path tokenFile) throws Exception
    {
        final HttpResponse<String> registered = control.post(0, "/api/v1/fabric/gateways", "{\"gatewayId\": \"edge\", \"url\": \""
            + edge.node(0).baseUrl() + "\", \"environment\": \"production\", \"serviceType\": \"READ_WRITE\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        // Published before the gateway joins the group, so no push reaches it: it can only pull the template.
        assertEquals(201, control.post(0, "/api/v1/fabric/groups", "{\"groupId\": \"edge-group\", \"environment\": \"production\"}").statusCode());
        assertEquals("NO_TARGETS", ClusterHarness.json(control.post(0, "/api/v1/fabric/groups/edge-group/publications",
            TEMPLATE.formatted("1"))).path("aggregate").asText());
        assertEquals(200, control.post(0, "/api/v1/fabric/groups/edge-group/gateways", "{\"gatewayId\": \"edge\"}").statusCode());
        assertEquals(201, control.put(0, "/api/v1/deployments/ocr-pool/desired", "{\"epoch\":1,\"expectedNodes\":1,\"group\":\"edge-group\"}").statusCode());
        assertEquals(201, control.put(0, "/api/v1/deployments/cp-only/desired", "{\"epoch\":1,\"expectedNodes\":1}").statusCode(),
            "a state with no group is the control plane's own");
        final HttpResponse<String> issued = control.post(0, "/api/v1/hybrid/listeners/edge/token");
        assertEquals(201, issued.statusCode(), issued.body());
        Files.writeString(tokenFile, ClusterHarness.json(issued).path("token").asText());

        // The data plane pulls it: the template is installed, the desired state declared, and the report is back.
        await("intent applied").atMost(Duration.ofSeconds(30)).until(() -> appliedChanges(edge).contains("template invoice@1 installed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.get(0, "/api/v1/deployments/ocr-pool/desired").statusCode() == 200);
        final String firstRevision = ClusterHarness.json(edge.get(0, "/api/v1/hybrid")).path("appliedRevision").asText();
        await("report received").atMost(Duration.ofSeconds(10)).until(() ->
            ClusterHarness.json(control.get(1, "/api/v1/hybrid/listeners/edge")).path("lastReport").path("report").path("revision")
                .asText().equals(firstRevision));
        assertEquals(401, unauthenticatedIntent(control).statusCode(), "the hybrid API wants a listener token");

        // The control-plane node the data plane knows dies; the data plane runs on.
        control.kill(0);
        edge.startExecutor(71, "ocr=2", 0);
        edge.awaitExecutors(1);
        final long dagId = edge.submit(0, "{\"name\":\"offline\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"ocr\"}]}");
        edge.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(30));
        await("listener sees the outage").atMost(Duration.ofSeconds(10)).until(() ->
            !ClusterHarness.json(edge.get(0, "/api/v1/hybrid")).path("reachable").asBoolean(true));
        final JsonNode offline = ClusterHarness.json(edge.get(0, "/api/v1/hybrid"));
        assertEquals(firstRevision, offline.path("appliedRevision").asText(), "the last applied intent is kept");
        assertTrue(ClusterHarness.json(edge.get(0, "/api/v1/events?type=hybrid.*&after=-1")).path("events").findValuesAsText("type")
            .contains("hybrid.control-plane-unreachable"));

        // Meanwhile the intent changes on the surviving control-plane node.
        assertEquals(200, control.put(1, "/api/v1/deployments/ocr-pool/desired", "{\"epoch\":2,\"expectedNodes\":1,\"group\":\"edge-group\"}").statusCode());
        assertEquals(1, ClusterHarness.json(edge.get(0, "/api/v1/deployments/ocr-pool/desired")).path("epoch").asInt(),
            "not applied while the data plane cannot reach its control plane");

        // The killed node comes back on its address, joins the surviving one, and the data plane converges.
        control.start(0);
        await("changed intent applied").atMost(Duration.ofSeconds(60)).until(() ->
            ClusterHarness.json(edge.get(0, "/api/v1/deployments/ocr-pool/desired")).path("epoch").asInt() == 2);
        final JsonNode back = ClusterHarness.json(edge.get(0, "/api/v1/hybrid"));
        assertTrue(back.path("reachable").asBoolean(), back.toString());
        assertFalse(back.path("appliedRevision").asText().equals(firstRevision));
        assertEquals("control-plane", ClusterHarness.json(edge.get(0, "/api/v1/deployments/ocr-pool/desired")).path("updatedBy").asText());
        assertEquals(404, edge.get(0, "/api/v1/deployments/cp-only/desired").statusCode(), "the control plane's own state stays there");
        final JsonNode controlVerdicts = ClusterHarness.json(control.get(1, "/api/v1/deployments/reconciliation"));
        assertEquals(1, controlVerdicts.path("deployments").size(), "a group's intent is not reconciled on the control plane: "
            + controlVerdicts);
        assertEquals("cp-only", controlVerdicts.path("deployments").get(0).path("name").asText());
    }

    private static String appliedChanges(final ClusterHarness edge)
    {
        return edge.get(0, "/api/v1/events?type=hybrid.intent-applied&after=-1").body();
    }

    private static HttpResponse<String> unauthenticatedIntent(final ClusterHarness control) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(control.node(1).baseUrl() + "/hybrid/v1/intent"))
            .header("Authorization", "Bearer wl_not-a-token").GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
