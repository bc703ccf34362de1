package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.weft.rest.RestTestClient.assertProblem;
import static io.weft.rest.RestTestClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge end to end over a real socket, with the scheduler faked: every bad input gets its problem+json
 * answer, the good paths get their documented bodies, and the server is still serving at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestServerTest extends FakeSchedulerServerTest
{
    private static final String DAGS = "/api/v1/dags";

    // ---------------------------------------------------------------- submission: accepted

    @Test
    void acceptedSubmissionAnswers202WithLocationOnceDurable()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"name": "invoice-batch",
             "jobs": [
               {"id": "split", "executorClass": "pdf", "payload": { "pages": [1, 2], "lang": "en", "scale": 1.50 }},
               {"id": "ocr", "executorClass": "ocr", "priority": 7, "dependsOn": ["split"]}
             ]}
            """);

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        final JsonNode body = json(response);
        final String dagId = body.path("dagId").asText();
        assertTrue(body.path("dagId").isTextual() && dagId.matches("\\d+"), response.body());
        assertEquals("/api/v1/dags/" + dagId, body.path("location").asText());
        assertEquals("/api/v1/dags/" + dagId, response.headers().firstValue("Location").orElse(null));

        assertEquals(1, api.submissions.size());
        final DagPlan plan = api.submissions.get(0);
        assertEquals("invoice-batch", plan.name());
        assertEquals(2, plan.jobCount());
        assertEquals("split", plan.jobId(0));
        assertEquals(0, plan.priority(0), "priority defaults to 0");
        assertEquals(7, plan.priority(1));
        assertEquals("{\"pages\":[1,2],\"lang\":\"en\",\"scale\":1.50}", new String(plan.payload(0), StandardCharsets.UTF_8));
        assertEquals(0, plan.payload(1).length, "no payload is an empty one");
        assertArrayEquals(new int[]{0}, plan.parents(1));
    }

    @Test
    void contentTypeWithUtf8CharsetIsAccepted()
    {
        final HttpResponse<String> response = client.post(
            DAGS, "application/json; charset=UTF-8", "{\"jobs\":[{\"id\":\"a\",\"executorClass\":\"ocr\"}]}");

        assertEquals(202, response.statusCode(), response.body());
    }

    // ---------------------------------------------------------------- submission: bad input, one case each

    @Test
    void malformedJsonIs400()
    {
        final HttpResponse<String> response = client.postJson(DAGS, "{\"jobs\": [{\"id\": \"a\",}");

        assertProblem(response, 400, "malformed-json", "not valid JSON", "line 1");
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void emptyBodyIsMalformedJson()
    {
        assertProblem(client.postJson(DAGS, ""), 400, "malformed-json", "empty");
    }

    @Test
    void dependencyCycleIs422()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"jobs": [
              {"id": "a", "executorClass": "ocr", "dependsOn": ["c"]},
              {"id": "b", "executorClass": "ocr", "dependsOn": ["a"]},
              {"id": "c", "executorClass": "ocr", "dependsOn": ["b"]}
            ]}
            """);

        assertProblem(response, 422, "dependency-cycle", "cycle", "a", "b", "c");
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void unknownDependencyIs422()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr", "dependsOn": ["ghost"]}]}
            """);

        assertProblem(response, 422, "unknown-dependency", "'a'", "'ghost'");
    }

    @Test
    void duplicateJobIdIs422()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr"}, {"id": "a", "executorClass": "pdf"}]}
            """);

        assertProblem(response, 422, "duplicate-job-id", "'a'");
    }

    @Test
    void emptyDagIs422()
    {
        final JsonNode problem =
            assertProblem(client.postJson(DAGS, "{\"name\": \"nothing\", \"jobs\": []}"), 422, "empty-dag", "at least one job");

        assertFalse(problem.has("field"), "field is only for problems about one request field");
    }

    @Test
    void missingJobsIsAnEmptyDag()
    {
        assertProblem(client.postJson(DAGS, "{\"name\": \"nothing\"}"), 422, "empty-dag");
    }

    @Test
    void payloadOverTheLimitIs413()
    {
        final String bigText = "x".repeat(FakeSchedulerApi.MAX_PAYLOAD_BYTES);
        final HttpResponse<String> response = client.postJson(DAGS,
            "{\"jobs\": [{\"id\": \"scan\", \"executorClass\": \"ocr\", \"payload\": \"" + bigText + "\"}]}");

        assertProblem(response, 413, "payload-too-large", "'scan'", String.valueOf(FakeSchedulerApi.MAX_PAYLOAD_BYTES));
    }

    @Test
    void missingExecutorClassIs400()
    {
        assertProblem(client.postJson(DAGS, "{\"jobs\": [{\"id\": \"a\"}]}"), 400, "missing-field", "'a'", "executorClass");
    }

    @Test
    void unknownTopLevelFieldIs400NamingIt()
    {
        final JsonNode problem = assertProblem(
            client.postJson(DAGS, "{\"name\": \"n\", \"owner\": \"me\", \"jobs\": []}"), 400, "unknown-field", "'owner'");

        assertEquals("owner", problem.path("field").asText());
    }

    @Test
    void unknownJobFieldIs400NamingItsPath()
    {
        final JsonNode problem = assertProblem(client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr"}, {"id": "b", "executorClass": "ocr", "colour": "red"}]}
            """), 400, "unknown-field", "jobs[1].colour");

        assertEquals("jobs[1].colour", problem.path("field").asText());
    }

    @Test
    void priorityAsStringIsInvalidFieldType()
    {
        final JsonNode problem = assertProblem(client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr", "priority": "high"}]}
            """), 400, "invalid-field-type", "jobs[0].priority", "integer", "string");

        assertEquals("jobs[0].priority", problem.path("field").asText());
    }

    @Test
    void jobsNotAnArrayIsInvalidFieldType()
    {
        assertProblem(client.postJson(DAGS, "{\"jobs\": {\"id\": \"a\"}}"), 400, "invalid-field-type", "'jobs'", "array");
    }

    @Test
    void dependsOnAsStringIsInvalidFieldType()
    {
        assertProblem(client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr"}, {"id": "b", "executorClass": "ocr", "dependsOn": "a"}]}
            """), 400, "invalid-field-type", "jobs[1].dependsOn", "array");
    }

    @Test
    void bodyNotAnObjectIsInvalidFieldType()
    {
        assertProblem(client.postJson(DAGS, "[1, 2]"), 400, "invalid-field-type", "JSON object");
    }

    @Test
    void wrongContentTypeIs415()
    {
        assertProblem(client.post(DAGS, "text/plain", "{\"jobs\": []}"), 415, "unsupported-media-type", "text/plain");
    }

    @Test
    void missingContentTypeIs415()
    {
        assertProblem(client.post(DAGS, null, "{\"jobs\": []}"), 415, "unsupported-media-type", "Content-Type");
    }

    @Test
    void nonUtf8CharsetIs415()
    {
        assertProblem(
            client.post(DAGS, "application/json; charset=ISO-8859-1", "{\"jobs\": []}"), 415, "unsupported-media-type",
            "iso-8859-1");
    }

    // ---------------------------------------------------------------- submission: the scheduler says no

    @Test
    void fullRingIs503WithRetryAfter()
    {
        api.ringFull = true;

        final HttpResponse<String> response =
            client.postJson(DAGS, "{\"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}");

        assertProblem(response, 503, "overloaded");
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void failedJournalIs503WithRetryAfter()
    {
        api.ackMode = FakeSchedulerApi.AckMode.FAIL;

        final HttpResponse<String> response =
            client.postJson(DAGS, "{\"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}");

        assertProblem(response, 503, "submission-failed", "journal write timed out");
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void unexpectedExceptionOnTheEventLoopIs500()
    {
        final HttpResponse<String> response = client.postJson(
            DAGS, "{\"name\": \"" + FakeSchedulerApi.EXPLODING_DAG_NAME + "\", \"jobs\": []}");

        final JsonNode problem = assertProblem(response, 500, "internal-error");
        assertFalse(problem.path("detail").asText().contains("exploded"), "internals stay in the log");
        client.assertHealthy();
    }

    // ---------------------------------------------------------------- reads

    @Test
    void getDagAnswersItsStatusFromAReaderThread()
    {
        final long submittedAt = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
        api.dags.put(501L, new DagView(501, "invoice-batch", DagState.RUNNING, submittedAt, 0, List.of(
            new JobView("split", "pdf", 3, JobState.SUCCEEDED, 1, 77, 12,
                submittedAt + 1, submittedAt + 2, submittedAt + 3, submittedAt + 4, null,
                "{\"pages\": [1, 2], \"total\": 12.50}".getBytes(StandardCharsets.UTF_8)),
            new JobView("ocr", "ocr", 0, JobState.WAITING, 0, 0, 0, 0, 0, 0, 0, null, null),
            new JobView("index", "search", 0, JobState.FAILED, 3, 78, 15, 0, 0, 0, submittedAt + 9, "boom", null))));

        final HttpResponse<String> response = client.get(DAGS + "/501");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        final JsonNode dag = json(response);
        assertEquals("501", dag.path("dagId").asText());
        assertTrue(dag.path("dagId").isTextual());
        assertEquals("invoice-batch", dag.path("name").asText());
        assertEquals("RUNNING", dag.path("state").asText());
        assertEquals("2024-05-01T12:00:00Z", dag.path("submittedAt").asText());
        assertTrue(dag.has("finishedAt") && dag.path("finishedAt").isNull());
        assertEquals(1, dag.path("counts").path("SUCCEEDED").asInt());
        assertEquals(1, dag.path("counts").path("WAITING").asInt());
        assertEquals(1, dag.path("counts").path("FAILED").asInt());
        assertEquals(0, dag.path("counts").path("READY").asInt());

        final JsonNode split = dag.path("jobs").get(0);
        assertEquals("split", split.path("id").asText());
        assertEquals("pdf", split.path("executorClass").asText());
        assertEquals(3, split.path("priority").asInt());
        assertEquals("SUCCEEDED", split.path("state").asText());
        assertEquals(1, split.path("attempts").asInt());
        assertEquals("77", split.path("executorInstanceId").asText());
        assertEquals(12, split.path("fencingToken").asLong());
        assertEquals("2024-05-01T12:00:00.001Z", split.path("readyAt").asText());
        assertEquals("2024-05-01T12:00:00.004Z", split.path("finishedAt").asText());
        assertFalse(split.has("error"), "error is omitted when there is none");
        assertEquals(2, split.path("result").path("pages").size(), "a JSON result is embedded as JSON");
        assertTrue(response.body().contains("\"result\":{\"pages\": [1, 2], \"total\": 12.50}"), "as the executor wrote it: " + response.body());
        assertFalse(split.has("resultEncoding"));

        final JsonNode ocr = dag.path("jobs").get(1);
        assertTrue(ocr.path("executorInstanceId").isNull());
        assertTrue(ocr.path("readyAt").isNull() && ocr.path("startedAt").isNull());
        assertFalse(ocr.has("result") || ocr.has("resultEncoding"), "result is omitted when there is none");
        assertEquals("boom", dag.path("jobs").get(2).path("error").asText());

        assertEquals(1, api.readThreads.size());
        assertTrue(api.readThreads.get(0).startsWith(ReadOffloader.THREAD_NAME_PREFIX),
            "findDag ran on " + api.readThreads.get(0) + ", not a reader thread");
    }

    @Test
    void unknownDagIs404()
    {
        assertProblem(client.get(DAGS + "/424242"), 404, "dag-not-found", "424242");
    }

    @Test
    void nonNumericDagIdIs400()
    {
        assertProblem(client.get(DAGS + "/abc"), 400, "invalid-id", "'abc'");
        assertProblem(client.get(DAGS + "/12x"), 400, "invalid-id", "'12x'");
        assertProblem(client.get(DAGS + "/99999999999999999999"), 400, "invalid-id");
        assertTrue(api.readThreads.isEmpty(), "a bad id never reaches the grid");
    }

    @Test
    void failingReadIs500()
    {
        assertProblem(client.get(DAGS + "/" + FakeSchedulerApi.EXPLODING_DAG_ID), 500, "internal-error");
        client.assertHealthy();
    }

    @Test
    void executorsAreListedWithTheirSlots()
    {
        final long registeredAt = Instant.parse("2024-05-01T08:00:00Z").toEpochMilli();
        api.executors = List.of(new ExecutorView(
            9001, "ocr-pool", "team-docs", "1.4.2", Set.of("ocr", "gpu"), "CONNECTED",
            registeredAt, registeredAt + 5_000,
            List.of(new ExecutorView.SlotView("ocr", 4, 1), new ExecutorView.SlotView("pdf", 2, 2))));

        final HttpResponse<String> response = client.get("/api/v1/executors");

        assertEquals(200, response.statusCode(), response.body());
        final JsonNode executors = json(response).path("executors");
        assertEquals(1, executors.size());
        final JsonNode executor = executors.get(0);
        assertEquals("9001", executor.path("instanceId").asText());
        assertTrue(executor.path("instanceId").isTextual());
        assertEquals("ocr-pool", executor.path("deploymentName").asText());
        assertEquals("team-docs", executor.path("owner").asText());
        assertEquals("1.4.2", executor.path("version").asText());
        assertEquals("[\"gpu\",\"ocr\"]", executor.path("capabilities").toString());
        assertEquals("CONNECTED", executor.path("status").asText());
        assertEquals("2024-05-01T08:00:00Z", executor.path("registeredAt").asText());
        assertEquals("2024-05-01T08:00:05Z", executor.path("lastHeartbeatAt").asText());
        assertEquals(
            "[{\"executorClass\":\"ocr\",\"total\":4,\"used\":1,\"available\":3}," +
            "{\"executorClass\":\"pdf\",\"total\":2,\"used\":2,\"available\":0}]",
            executor.path("slots").toString());
        assertTrue(api.readThreads.get(0).startsWith(ReadOffloader.THREAD_NAME_PREFIX));
    }

    @Test
    void noExecutorsIsAnEmptyList()
    {
        final HttpResponse<String> response = client.get("/api/v1/executors");

        assertEquals(200, response.statusCode());
        assertEquals("{\"executors\":[]}", response.body());
    }

    @Test
    void healthIsUpAndSaysALoneNodeIsNotDurable()
    {
        final HttpResponse<String> response = client.get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().startsWith("{\"status\":\"UP\",\"gridMembers\":1,\"durable\":false,"), response.body());
        assertTrue(response.body().contains("lost if it stops or crashes"), response.body());
    }

    // ---------------------------------------------------------------- routing

    @Test
    void wrongMethodIs405WithAllow()
    {
        final HttpResponse<String> delete = client.method("DELETE", DAGS + "/1");
        assertProblem(delete, 405, "method-not-allowed", "DELETE");
        assertEquals("GET", delete.headers().firstValue("Allow").orElse(null));

        final HttpResponse<String> getList = client.get(DAGS);
        assertProblem(getList, 405, "method-not-allowed");
        assertEquals("POST", getList.headers().firstValue("Allow").orElse(null));

        final HttpResponse<String> putHealth = client.method("PUT", "/health");
        assertEquals("GET", putHealth.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void unknownPathIs404()
    {
        assertProblem(client.get("/api/v2/dags"), 404, "not-found", "/api/v2/dags");
        assertProblem(client.get(DAGS + "/1/jobs"), 404, "not-found");
        assertProblem(client.get("/"), 404, "not-found");
    }

    @Test
    void queryStringDoesNotChangeTheRoute()
    {
        assertEquals(200, client.get("/health?verbose=true").statusCode());
    }

    // ---------------------------------------------------------------- last: nothing above took the server down

    @Test
    @Order(Integer.MAX_VALUE)
    void serverStillAnswersHealthAfterAllBadInput()
    {
        client.assertHealthy();
    }
}
