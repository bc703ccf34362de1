package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.GatewayIdentity;
import io.weft.fabric.ServiceType;
import io.weft.fabric.store.InMemoryRecordStore;
import io.weft.fabric.template.TemplateCatalog;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.ExecutorView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static io.weft.rest.FabricTestClient.json;
import static io.weft.rest.RestTestClient.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway API over a real socket with the scheduler faked: bearer token checks, runtime, templates (publish
 * idempotent by digest), executions, scheduler commands, deployments and capacity.
 */
class GatewayApiTest
{
    static final String TOKEN = "s3cret-gateway-token";
    static final String TEMPLATE = """
        {"name": "invoice", "version": "1", "description": "OCR then classify",
         "parameters": {"doc": null, "lang": "en"},
         "dag": {"jobs": [
           {"id": "ocr", "executorClass": "ocr", "priority": 5, "payload": {"document": "${doc}", "lang": "${lang}"}},
           {"id": "classify", "executorClass": "classify", "dependsOn": ["ocr"]}]}}
        """;

    private FakeSchedulerApi api;
    private RestServer server;
    private FabricTestClient client;

    @BeforeEach
    void start()
    {
        api = new FakeSchedulerApi();
        final FabricEndpoints endpoints = FabricEndpoints.builder()
            .gatewayToken(TOKEN)
            .identity(new GatewayIdentity("weft-test", "node-1", "9.9.9", List.of("gpu", "pdf"), ServiceType.READ_WRITE))
            .templates(new TemplateCatalog(new InMemoryRecordStore<>(), Clock.systemUTC()))
            .build();
        server = RestServer.start(new RestServer.Context().host("127.0.0.1").port(0), api, endpoints);
        client = new FabricTestClient(server.port(), TOKEN);
    }

    @AfterEach
    void stop()
    {
        server.close();
        api.close();
    }

    @Test
    void aMissingOrWrongTokenIs401WithABearerChallenge()
    {
        final HttpResponse<String> missing = client.withToken(null).get("/gateway/v1/health");
        assertProblem(missing, 401, "unauthorized");
        assertEquals("Bearer realm=\"weft-gateway\"", missing.headers().firstValue("WWW-Authenticate").orElse(null));

        final HttpResponse<String> wrong = client.withToken("s3cret-gateway-tokeN").post("/gateway/v1/scheduler/pause", null);
        assertProblem(wrong, 401, "unauthorized");
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
        assertFalse(wrong.body().contains(TOKEN), "the expected token never appears in an answer");
        assertFalse(api.pauseState().schedulerPaused(), "a refused command has no effect");

        final HttpResponse<String> basic = client.withToken(null).send("GET", "/gateway/v1/runtime", null);
        assertProblem(basic, 401, "unauthorized");

        final HttpResponse<String> health = client.get("/gateway/v1/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", json(health).path("status").asText());
        assertEquals("weft-test", json(health).path("clusterId").asText());
    }

    @Test
    void runtimeReportsVersionFeaturesAndTheClassesOfConnectedExecutors()
    {
        api.executors = List.of(
            executor(1, "READY", new ExecutorView.SlotView("ocr", 4, 1), new ExecutorView.SlotView("classify", 2, 2)),
            executor(2, "LOST", new ExecutorView.SlotView("translate", 8, 0)));

        final JsonNode runtime = json(client.get("/gateway/v1/runtime"));

        assertEquals("9.9.9", runtime.path("version").asText());
        assertEquals("weft-test", runtime.path("clusterId").asText());
        assertEquals("READ_WRITE", runtime.path("serviceType").asText());
        assertEquals("[\"classify\",\"ocr\"]", runtime.path("capabilities").path("executorClasses").toString());
        assertEquals("[\"gpu\",\"pdf\"]", runtime.path("capabilities").path("features").toString());

        final JsonNode capacity = json(client.get("/gateway/v1/capacity"));
        assertEquals(6, capacity.path("total").asInt());
        assertEquals(3, capacity.path("used").asInt());
        assertEquals(3, capacity.path("available").asInt());
        assertEquals(50.0, capacity.path("utilizationPercent").asDouble());
        assertEquals(1, capacity.path("executors").size(), "a lost executor's slots are not capacity");

        final JsonNode deployments = json(client.get("/gateway/v1/deployments"));
        assertEquals(2, deployments.path("total").asInt());
        assertEquals(1, deployments.path("serving").asInt());
        assertEquals("owner-1", deployments.path("executors").get(0).path("owner").asText());
        assertEquals(4, deployments.path("executors").get(0).path("slots").get(0).path("total").asInt());
    }

    @Test
    void publishingIsIdempotentByDigestAndAVersionCannotChangeMeaning()
    {
        final HttpResponse<String> created = client.post("/gateway/v1/templates", TEMPLATE);
        assertEquals(201, created.statusCode(), created.body());
        final JsonNode summary = json(created).path("template");
        assertTrue(summary.path("digest").asText().startsWith("sha256:"));

        final HttpResponse<String> again = client.post("/gateway/v1/templates", TEMPLATE.replace("\n", " "));
        assertEquals(200, again.statusCode(), again.body());
        assertFalse(json(again).path("created").asBoolean());
        assertEquals(summary.path("digest"), json(again).path("template").path("digest"));

        assertProblem(client.post("/gateway/v1/templates", TEMPLATE.replace("OCR then classify", "changed")), 409, "template-conflict");

        final JsonNode list = json(client.get("/gateway/v1/templates"));
        assertEquals(1, list.path("templates").size());
        assertEquals("invoice", json(client.get("/gateway/v1/templates/invoice/1")).path("definition").path("name").asText());

        assertEquals(204, client.delete("/gateway/v1/templates/invoice/1").statusCode());
        assertProblem(client.get("/gateway/v1/templates/invoice/1"), 404, "template-not-found");
        assertProblem(client.delete("/gateway/v1/templates/invoice/1"), 404, "template-not-found");
    }

    @Test
    void aTemplateThatCouldNeverRunIsRefused()
    {
        assertProblem(client.post("/gateway/v1/templates", """
            {"name": "loop", "version": "1", "dag": {"jobs": [
              {"id": "a", "executorClass": "ocr", "dependsOn": ["b"]}, {"id": "b", "executorClass": "ocr", "dependsOn": ["a"]}]}}
            """), 422, "dependency-cycle", "loop@1");
        assertProblem(client.post("/gateway/v1/templates", """
            {"name": "t", "version": "1", "dag": {"jobs": [{"id": "a", "executorClass": "${cls}"}]}}
            """), 422, "invalid-template", "cls");
        final JsonNode wrongType = assertProblem(client.post("/gateway/v1/templates", """
            {"name": "t", "version": "1", "dag": {"jobs": [{"id": "a", "executorClass": "ocr", "priority": "high"}]}}
            """), 400, "invalid-field-type");
        assertEquals("dag.jobs[0].priority", wrongType.path("field").asText());
        assertProblem(client.post("/gateway/v1/templates", "{\"name\": \"t\", \"version\": \"1\"}"), 400, "missing-field", "dag");
        assertProblem(client.post("/gateway/v1/templates", "{\"name\": \"t/x\", \"version\": \"1\", \"dag\": {}}"), 400, "invalid-field-value");
    }

    @Test
    void anExecutionInstantiatesTheTemplateAndAnswersWithTheDagId()
    {
        assertEquals(201, client.post("/gateway/v1/templates", TEMPLATE).statusCode());

        final HttpResponse<String> accepted = client.post("/gateway/v1/executions",
            "{\"template\": \"invoice\", \"version\": \"1\", \"parameters\": {\"doc\": \"s3://in/17.pdf\"}}");

        assertEquals(202, accepted.statusCode(), accepted.body());
        final String dagId = json(accepted).path("dagId").asText();
        assertEquals("/api/v1/dags/" + dagId, json(accepted).path("location").asText());
        await().until(() -> api.submissions.size() == 1);
        final DagPlan plan = api.submissions.get(0);
        assertEquals("invoice@1", plan.name());
        assertEquals("{\"document\":\"s3://in/17.pdf\",\"lang\":\"en\"}",
            new String(plan.payload(0), StandardCharsets.UTF_8));

        assertProblem(client.post("/gateway/v1/executions", "{\"template\": \"invoice\", \"version\": \"1\"}"),
            422, "missing-parameter", "doc");
        assertProblem(client.post("/gateway/v1/executions",
            "{\"template\": \"invoice\", \"version\": \"1\", \"parameters\": {\"doc\": \"x\", \"dpi\": 300}}"), 422, "unknown-parameter", "dpi");
        assertProblem(client.post("/gateway/v1/executions", "{\"template\": \"invoice\", \"version\": \"7\"}"), 404, "template-not-found");
        assertProblem(client.post("/gateway/v1/executions", "{\"template\": \"invoice\"}"), 400, "missing-field", "version");
        api.ringFull = true;
        final HttpResponse<String> full = client.post("/gateway/v1/executions",
            "{\"template\": \"invoice\", \"version\": \"1\", \"parameters\": {\"doc\": \"x\"}}");
        assertProblem(full, 503, "overloaded");
        assertEquals("1", full.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void pauseAndResumeReachTheScheduler()
    {
        final HttpResponse<String> paused = client.post("/gateway/v1/scheduler/pause", null);
        assertEquals(202, paused.statusCode(), paused.body());
        assertEquals("pause", json(paused).path("command").asText());
        assertTrue(api.pauseState().schedulerPaused());

        assertEquals(202, client.post("/gateway/v1/scheduler/pause", "{\"executorClass\": \"ocr\"}").statusCode());
        assertEquals(Set.of("ocr"), api.pauseState().pausedClasses());
        assertEquals("[\"ocr\"]", json(client.get("/gateway/v1/scheduler")).path("pausedClasses").toString());

        assertEquals(202, client.post("/gateway/v1/scheduler/resume", "{\"executorClass\": \"ocr\"}").statusCode());
        assertEquals(202, client.post("/gateway/v1/scheduler/resume", null).statusCode());
        assertFalse(api.pauseState().schedulerPaused());
        assertTrue(api.pauseState().pausedClasses().isEmpty());

        assertProblem(client.post("/gateway/v1/scheduler/pause", "{\"class\": \"ocr\"}"), 400, "unknown-field");
    }

    private static ExecutorView executor(final long id, final String status, final ExecutorView.SlotView... slots)
    {
        return new ExecutorView(id, "sample-" + id, "owner-" + id, "1.0", Set.of(), status, 1_000, 2_000, List.of(slots));
    }
}
