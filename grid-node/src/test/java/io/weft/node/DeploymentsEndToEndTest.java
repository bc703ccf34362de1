package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real executor processes in two deployments: the overview counts them, a drained deployment finishes its
 * work and takes none until it is resumed, a drained node leaves its deployment serving, and a killed node turns
 * UNHEALTHY (its deployment ERROR) instead of vanishing.
 */
class DeploymentsEndToEndTest
{
    @Test
    void deploymentsAreCountedDrainedResumedAndKeepTheirLostNodes(@TempDir final Path dir)
    {
        try (LiveNodeHarness harness = new LiveNodeHarness(dir, 3_000, 10_000, Map.of("capacity.sample-interval-ms", "200",
            "deployments.reconcile-interval-ms", "300")))
        {
            final String[] declared = {"--epoch", "7", "--endpoints", "/extract,/health", "--resources", "cpu=4,memory-mb=8192,gpu=1",
                "--config", "model=layout-v3,api-key=sk-live-123,db.password=hunter2"};
            harness.startExecutor(11, "ocr=2", "ocr-pool", declared);
            harness.startExecutor(12, "ocr=2", "ocr-pool", declared);
            final SampleExecutorProcess llm = harness.startExecutor(21, "llm=1", "llm-pool");
            harness.awaitExecutors(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> overview(harness).path("healthyNodesPercent").asDouble() == 100.0
                && overview(harness).path("totalNodes").asInt() == 3);
            final JsonNode overview = overview(harness);
            assertEquals(2, overview.path("totalExecutors").asInt());
            assertEquals(2, overview.path("activeDeployments").asInt());
            final JsonNode ocr = deployment(harness, "ocr-pool");
            assertEquals("SERVING", ocr.path("status").asText());
            assertEquals(2, ocr.path("nodeCount").asInt());
            assertEquals(4, ocr.path("capacity").path("total").asInt());
            assertEquals(7, ocr.path("epoch").asLong(), "the configuration epoch the nodes declared");
            assertEquals("[\"/extract\",\"/health\"]", ocr.path("endpoints").toString());
            assertEquals("8192", ocr.path("nodes").get(0).path("resources").path("memory-mb").asText());
            assertEquals("layout-v3", ocr.path("configuration").path("model").asText());
            assertEquals("****", ocr.path("configuration").path("api-key").asText(), "a secret-looking value is masked");
            assertEquals("****", ocr.path("configuration").path("db.password").asText());
            assertFalse(ocr.toString().contains("sk-live-123") || ocr.toString().contains("hunter2"));
            assertEquals(404, harness.get("/api/v1/deployments/no-such-pool").statusCode());

            // Desired states: nothing declared yet is UNKNOWN; as declared is MATCH; short of it is DRIFT.
            assertEquals(List.of("UNKNOWN", "UNKNOWN"), verdicts(harness));
            assertEquals(201, harness.put("/api/v1/deployments/ocr-pool/desired",
                "{\"phase\":\"ACTIVE\",\"epoch\":7,\"expectedNodes\":2,\"slots\":{\"ocr\":4}}").statusCode());
            final HttpResponse<String> llmDesired = harness.put("/api/v1/deployments/llm-pool/desired",
                "{\"epoch\":3,\"expectedNodes\":2,\"expectedVersion\":\"9.9\",\"slots\":{\"llm\":2}}");
            assertEquals(201, llmDesired.statusCode(), llmDesired.body());
            assertEquals("admin", LiveNodeHarness.json(llmDesired).path("updatedBy").asText());
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(harness).equals(List.of("DRIFT", "MATCH")));
            final JsonNode llmDrift = LiveNodeHarness.json(harness.get("/api/v1/deployments/reconciliation")).path("deployments").get(0);
            assertEquals("llm-pool", llmDrift.path("name").asText());
            assertEquals(List.of("missing-nodes", "epoch", "version", "slots"), llmDrift.path("differences").findValuesAsText("kind"));
            assertEquals("DRIFT", deployment(harness, "llm-pool").path("reconciliation").path("verdict").asText());
            assertEquals(7, deployment(harness, "ocr-pool").path("desired").path("epoch").asInt());
            final HttpResponse<String> bad = harness.put("/api/v1/deployments/ocr-pool/desired", "{\"epoch\":-1,\"expectedNodes\":2}");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("epoch must be a whole number"), bad.body());
            assertEquals(200, harness.put("/api/v1/deployments/llm-pool/desired", "{\"epoch\":0,\"expectedNodes\":1}").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(harness).equals(List.of("MATCH", "MATCH")));
            final List<String> verdictEvents = LiveNodeHarness.json(harness.get(
                "/api/v1/events?after=-1&limit=1000&type=deployment.reconciliation&deployment=llm-pool")).path("events").findValuesAsText("verdict");
            assertEquals(List.of("UNKNOWN", "DRIFT", "MATCH"), verdictEvents, "each change of verdict is an event");
            assertEquals(204, harness.delete("/api/v1/deployments/ocr-pool/desired").statusCode());
            assertEquals(404, harness.get("/api/v1/deployments/ocr-pool/desired").statusCode());
            assertEquals(404, harness.delete("/api/v1/deployments/ocr-pool/desired").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> verdicts(harness).equals(List.of("MATCH", "UNKNOWN")));

            assertEquals(202, harness.post("/api/v1/deployments/ocr-pool/drain").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment(harness, "ocr-pool").path("status").asText().equals("STOPPED"));
            final long dagId = harness.submit("{\"name\":\"held\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"ocr\"}]}");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> harness.job(dagId, "a").path("state").asText().equals("READY"));
            assertEquals(202, harness.post("/api/v1/deployments/ocr-pool/resume").statusCode());
            harness.awaitJob(dagId, "a", "SUCCEEDED", Duration.ofSeconds(20));

            assertEquals(202, harness.post("/api/v1/deployments/ocr-pool/nodes/11/drain").statusCode());
            await().atMost(Duration.ofSeconds(10)).until(() -> work(harness, "ocr-pool", "11").equals("DRAINING"));
            assertEquals("SERVING", deployment(harness, "ocr-pool").path("status").asText(), "node 12 still takes work");
            assertEquals("READY", work(harness, "ocr-pool", "12"));

            llm.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> deployment(harness, "llm-pool").path("status").asText().equals("ERROR"));
            assertEquals("UNHEALTHY", deployment(harness, "llm-pool").path("nodes").get(0).path("status").asText(), "a lost node stays listed");
            assertEquals(3, overview(harness).path("totalNodes").asInt());

            // Each change was an event, filtered here by deployment.
            await().atMost(Duration.ofSeconds(5)).until(() -> types(harness, "llm-pool").contains("executor.lost"));
            final List<String> llmEvents = types(harness, "llm-pool");
            assertEquals("executor.registered", llmEvents.get(0), llmEvents.toString());
            assertEquals(List.of("executor.lost", "deployment.status"), llmEvents.subList(llmEvents.size() - 2, llmEvents.size()));
            final List<String> ocrEvents = types(harness, "ocr-pool");
            assertTrue(ocrEvents.containsAll(List.of("deployment.drain-requested", "deployment.resume-requested")), ocrEvents.toString());
            assertEquals("ERROR", LiveNodeHarness.json(harness.get("/api/v1/events?deployment=llm-pool&severity=ERROR"))
                .path("events").get(0).path("payload").path("to").asText());
        }
    }

    private static List<String> verdicts(final LiveNodeHarness harness)
    {
        return LiveNodeHarness.json(harness.get("/api/v1/deployments/reconciliation")).path("deployments").findValuesAsText("verdict");
    }

    private static List<String> types(final LiveNodeHarness harness, final String deployment)
    {
        return LiveNodeHarness.json(harness.get("/api/v1/events?after=-1&limit=1000&type=executor.*,deployment.status,deployment.drain-requested,deployment.resume-requested&deployment=" + deployment))
            .path("events").findValuesAsText("type");
    }

    private static JsonNode overview(final LiveNodeHarness harness)
    {
        return LiveNodeHarness.json(harness.get("/api/v1/deployments"));
    }

    private static JsonNode deployment(final LiveNodeHarness harness, final String name)
    {
        return LiveNodeHarness.json(harness.get("/api/v1/deployments/" + name));
    }

    private static String work(final LiveNodeHarness harness, final String name, final String instanceId)
    {
        for (final JsonNode node : deployment(harness, name).path("nodes"))
        {
            if (node.path("instanceId").asText().equals(instanceId))
            {
                return node.path("work").asText();
            }
        }
        return "";
    }
}
