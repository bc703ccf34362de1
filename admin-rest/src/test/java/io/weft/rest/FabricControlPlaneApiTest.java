package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.GatewayIdentity;
import io.weft.fabric.ServiceType;
import io.weft.fabric.control.FabricControlPlane;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import io.weft.fabric.store.InMemoryRecordStore;
import io.weft.fabric.template.TemplateCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.weft.rest.FabricTestClient.json;
import static io.weft.rest.RestTestClient.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane's HTTP surface with in-memory stores and two gateway API servers on real sockets (schedulers
 * faked): group and gateway CRUD, the default groups, validation across two versions, and every kind of bad input
 * answered with its problem.
 */
class FabricControlPlaneApiTest
{
    private static final String TOKEN_A = "token-of-gateway-a";
    private static final String TOKEN_B = "token-of-gateway-b";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private RestServer controlServer;
    private RestServer gatewayB;
    private FabricTestClient admin;

    @BeforeEach
    void start()
    {
        final FabricControlPlane controlPlane = FabricControlPlane.start(new FabricControlPlane.Context()
            .stores(FabricStores.inMemory())
            .tokens(new GatewayTokenResolver(Map.of(), null, Map.of("a", TOKEN_A, "b", TOKEN_B)))
            .healthIntervalMs(60_000));
        closeables.add(controlPlane);
        controlServer = server("1.0", TOKEN_A, controlPlane);
        gatewayB = server("2.0", TOKEN_B, null);
        admin = new FabricTestClient(controlServer.port(), null);
    }

    private RestServer server(final String version, final String token, final FabricControlPlane controlPlane)
    {
        final FakeSchedulerApi api = new FakeSchedulerApi();
        closeables.add(api);
        final RestServer server = RestServer.start(new RestServer.Context().host("127.0.0.1").port(0), api,
            FabricEndpoints.builder()
                .gatewayToken(token)
                .identity(new GatewayIdentity("cluster-" + version, "node", version, List.of("pdf"), ServiceType.READ_WRITE))
                .templates(new TemplateCatalog(new InMemoryRecordStore<>(), Clock.systemUTC()))
                .controlPlane(controlPlane)
                .build());
        closeables.add(0, server);
        return server;
    }

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable closeable : closeables)
        {
            closeable.close();
        }
    }

    private String gatewayJson(final String id, final RestServer server)
    {
        return "{\"gatewayId\": \"" + id + "\", \"url\": \"http://127.0.0.1:" + server.port() + "\", \"environment\": \"production\"}";
    }

    @Test
    void defaultGroupsExistAndCannotBeDeleted()
    {
        final JsonNode groups = json(admin.get("/api/v1/fabric/groups")).path("groups");
        final List<String> ids = new ArrayList<>();
        groups.forEach(group -> ids.add(group.path("groupId").asText()));
        assertEquals(List.of("default-development", "default-production", "default-staging", "default-unknown"), ids);
        assertEquals("UNKNOWN", groups.get(0).path("status").asText(), "never validated");

        assertProblem(admin.delete("/api/v1/fabric/groups/default-production"), 409, "system-group");
        assertProblem(admin.patch("/api/v1/fabric/groups/default-staging", "{\"maxGateways\": 3}"), 409, "system-group");
    }

    @Test
    void registeringAGatewayNeverShowsItsToken()
    {
        final HttpResponse<String> registered = admin.post("/api/v1/fabric/gateways", gatewayJson("a", controlServer));

        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals("/api/v1/fabric/gateways/a", registered.headers().firstValue("Location").orElse(null));
        final JsonNode gateway = json(registered);
        assertEquals("default-production", gateway.path("groupId").asText());
        assertTrue(gateway.path("tokenConfigured").asBoolean());
        assertEquals("UP", gateway.path("health").path("state").asText(), "checked at registration: " + gateway);
        assertFalse(registered.body().contains(TOKEN_A));
        assertFalse(admin.get("/api/v1/fabric/gateways").body().contains(TOKEN_A));

        assertProblem(admin.post("/api/v1/fabric/gateways",
            "{\"gatewayId\": \"c\", \"url\": \"http://127.0.0.1:1\", \"environment\": \"production\", \"token\": \"x\"}"),
            400, "unknown-field", "GATEWAY_TOKEN_<ID>");
        assertProblem(admin.post("/api/v1/fabric/gateways", gatewayJson("c", controlServer)), 422, "gateway-token-missing", "GATEWAY_TOKEN_C");
        assertProblem(admin.post("/api/v1/fabric/gateways", gatewayJson("a", controlServer)), 409, "duplicate-id");
    }

    @Test
    void deletingAGroupMovesItsGatewaysToTheirDefaultGroup()
    {
        admin.post("/api/v1/fabric/gateways", gatewayJson("a", controlServer));
        admin.post("/api/v1/fabric/gateways", gatewayJson("b", gatewayB));
        final HttpResponse<String> created = admin.post("/api/v1/fabric/groups",
            "{\"groupId\": \"east\", \"environment\": \"production\", \"maxGateways\": 2}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/api/v1/fabric/groups/east", created.headers().firstValue("Location").orElse(null));
        assertEquals(200, admin.post("/api/v1/fabric/groups/east/gateways", "{\"gatewayId\": \"a\"}").statusCode());
        assertEquals(200, admin.post("/api/v1/fabric/groups/east/gateways", "{\"gatewayId\": \"b\"}").statusCode());
        assertEquals("[\"a\",\"b\"]", json(admin.get("/api/v1/fabric/groups/east")).path("gatewayIds").toString());

        final HttpResponse<String> deleted = admin.delete("/api/v1/fabric/groups/east");

        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(2, json(deleted).path("movedGateways").size());
        assertEquals("default-production", json(deleted).path("movedGateways").get(0).path("toGroupId").asText());
        assertEquals("default-production", json(admin.get("/api/v1/fabric/gateways/a")).path("groupId").asText());
        assertEquals("default-production", json(admin.get("/api/v1/fabric/gateways/b")).path("groupId").asText());
        assertProblem(admin.get("/api/v1/fabric/groups/east"), 404, "group-not-found");
    }

    @Test
    void validationComparesEachGatewaysRuntimeWithTheGroup()
    {
        admin.post("/api/v1/fabric/gateways", gatewayJson("a", controlServer));
        admin.post("/api/v1/fabric/gateways", gatewayJson("b", gatewayB));
        admin.post("/api/v1/fabric/groups",
            "{\"groupId\": \"east\", \"environment\": \"production\", \"expectedVersion\": \"1.0\", \"requiredCapabilities\": [\"pdf\"]}");
        admin.post("/api/v1/fabric/groups/east/gateways", "{\"gatewayId\": \"a\"}");

        final JsonNode healthy = json(admin.post("/api/v1/fabric/groups/east/validation", null));
        assertEquals("HEALTHY", healthy.path("status").asText(), healthy.toString());
        assertEquals("HEALTHY", json(admin.get("/api/v1/fabric/groups/east")).path("status").asText());

        admin.post("/api/v1/fabric/groups/east/gateways", "{\"gatewayId\": \"b\"}");
        final JsonNode mismatched = json(admin.post("/api/v1/fabric/groups/east/validation", null));
        assertEquals("MISMATCHED", mismatched.path("status").asText(), mismatched.toString());
        final JsonNode b = mismatched.path("gateways").get(1);
        assertEquals("b", b.path("gatewayId").asText());
        assertEquals("version", b.path("differences").get(0).path("field").asText());
        assertEquals("2.0", b.path("differences").get(0).path("actual").asText());
        assertEquals(2, mismatched.path("health").path("healthy").asInt());
        assertEquals("MISMATCHED", json(admin.get("/api/v1/fabric/groups/east/validation")).path("status").asText());
    }

    @Test
    void badInputIsAProblemNamingTheField()
    {
        JsonNode problem = assertProblem(admin.post("/api/v1/fabric/groups", "{\"groupId\": \"east\", \"environment\": \"prod\"}"),
            400, "invalid-field-value", "prod", "production, staging, development, unknown");
        assertEquals("environment", problem.path("field").asText());
        problem = assertProblem(admin.post("/api/v1/fabric/groups",
            "{\"groupId\": \"east\", \"environment\": \"staging\", \"minGateways\": 3, \"maxGateways\": 2}"), 400, "invalid-field-value", "minGateways (3)");
        assertEquals("minGateways", problem.path("field").asText());
        assertProblem(admin.post("/api/v1/fabric/groups", "{\"groupId\": \"east\", \"environment\": \"staging\", \"minGateways\": \"3\"}"),
            400, "invalid-field-type", "minGateways");
        assertProblem(admin.post("/api/v1/fabric/groups", "{\"groupId\": \"east\", \"environment\": \"staging\", \"colour\": \"red\"}"),
            400, "unknown-field", "colour");
        assertProblem(admin.post("/api/v1/fabric/groups", "{\"environment\": \"staging\"}"), 400, "missing-field", "groupId");
        assertProblem(admin.send("POST", "/api/v1/fabric/groups", null), 415, "unsupported-media-type");
        assertEquals(201, admin.post("/api/v1/fabric/groups", "{\"groupId\": \"east\", \"environment\": \"staging\"}").statusCode());
        assertProblem(admin.post("/api/v1/fabric/groups", "{\"groupId\": \"east\", \"environment\": \"staging\"}"), 409, "duplicate-id");

        assertProblem(admin.get("/api/v1/fabric/groups/nowhere"), 404, "group-not-found");
        assertProblem(admin.post("/api/v1/fabric/groups/nowhere/gateways", "{\"gatewayId\": \"a\"}"), 404, "group-not-found");
        assertProblem(admin.post("/api/v1/fabric/groups/east/gateways", "{\"gatewayId\": \"ghost\"}"), 400, "invalid-field-value", "ghost");
        assertProblem(admin.post("/api/v1/fabric/groups/nowhere/validation", null), 404, "group-not-found");
        assertProblem(admin.get("/api/v1/fabric/gateways/ghost"), 404, "gateway-not-found");
        assertProblem(admin.get("/api/v1/fabric/executions/nothing"), 404, "execution-not-found");
        assertProblem(admin.patch("/api/v1/fabric/groups/east", "{\"environment\": \"production\"}"), 400, "invalid-field-value");
        assertProblem(admin.post("/api/v1/fabric/gateways",
            "{\"gatewayId\": \"a\", \"url\": \"not a url\", \"environment\": \"production\"}"), 400, "invalid-field-value", "url");
        assertProblem(admin.post("/api/v1/fabric/groups/east/executions", "{\"template\": \"invoice\"}"), 422, "template-not-published");
    }

    @Test
    void anUpdateChangesOnlyWhatItNames()
    {
        admin.post("/api/v1/fabric/groups",
            "{\"groupId\": \"east\", \"environment\": \"production\", \"region\": \"us-east-1\", \"maxGateways\": 4}");

        final HttpResponse<String> updated = admin.patch("/api/v1/fabric/groups/east",
            "{\"description\": \"invoices\", \"maxGateways\": null, \"enabled\": false}");

        assertEquals(200, updated.statusCode(), updated.body());
        final JsonNode group = json(updated);
        assertEquals("invoices", group.path("description").asText());
        assertTrue(group.path("maxGateways").isNull());
        assertFalse(group.path("enabled").asBoolean());
        assertEquals("us-east-1", group.path("region").asText());
    }
}
