package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.DuplicatePolicy;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;
import io.weft.scheduler.api.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.weft.rest.RestTestClient.assertProblem;
import static io.weft.rest.RestTestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution-semantics fields of a submission over HTTP, through the real validator: what the scheduler
 * receives, what is refused and with which status; and the states they lead to as the DAG read reports them.
 */
class ExecutionFieldsRestTest extends FakeSchedulerServerTest
{
    private static final String DAGS = "/api/v1/dags";

    @Test
    void failurePolicyRetryAndTimingsReachTheScheduler()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"name": "pages", "failurePolicy": "FAIL_FAST", "jobs": [
              {"id": "split", "executorClass": "pdf",
               "retry": {"maxAttempts": 4, "initialBackoffMs": 50, "multiplier": 3, "maxBackoffMs": 900, "jitter": 0.5},
               "softDeadlineMs": 5000, "hardDeadlineMs": 9000, "runTimeoutMs": 2000},
              {"id": "ocr", "executorClass": "ocr", "dependsOn": ["split"], "retry": {"maxAttempts": 1}}
            ]}
            """);

        assertEquals(202, response.statusCode(), response.body());
        final DagPlan plan = api.submissions.get(0);
        assertEquals(FailurePolicy.FAIL_FAST, plan.failurePolicy());
        assertEquals(new RetryPolicy(4, 50, 3.0, 900, 0.5), plan.retry(0));
        assertEquals(5000, plan.softDeadlineMs(0));
        assertEquals(9000, plan.hardDeadlineMs(0));
        assertEquals(2000, plan.runTimeoutMs(0));
        final RetryPolicy d = RetryPolicy.DEFAULT;
        assertEquals(new RetryPolicy(1, d.initialBackoffMs(), d.multiplier(), d.maxBackoffMs(), d.jitter()), plan.retry(1));
        assertEquals(0, plan.softDeadlineMs(1));
        assertEquals(0, plan.hardDeadlineMs(1));
        assertEquals(0, plan.runTimeoutMs(1));
    }

    @Test
    void withoutTheNewFieldsTheDefaultsApply()
    {
        assertEquals(202, client.postJson(DAGS, "{\"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}").statusCode());

        final DagPlan plan = api.submissions.get(0);
        assertEquals(FailurePolicy.CONTINUE, plan.failurePolicy());
        assertEquals(RetryPolicy.DEFAULT, plan.retry(0));
        assertEquals(0, plan.hardDeadlineMs(0));
    }

    @Test
    void outOfRangeRetryIs422NamingTheJob()
    {
        final JsonNode problem = assertProblem(client.postJson(DAGS, """
            {"jobs": [{"id": "scan", "executorClass": "ocr", "retry": {"jitter": 2}}]}
            """), 422, "invalid-retry-policy", "'scan'", "jitter");

        assertEquals("jobs[0].retry.jitter", problem.path("field").asText());
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void unknownFailurePolicyIs400NamingTheField()
    {
        final JsonNode problem = assertProblem(
            client.postJson(DAGS, "{\"failurePolicy\": \"STOP\", \"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}"),
            400, "invalid-field-value", "failurePolicy", "'STOP'");

        assertEquals("failurePolicy", problem.path("field").asText());
    }

    @Test
    void negativeTimingIs422InvalidTiming()
    {
        assertProblem(client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr", "runTimeoutMs": -1}]}
            """), 422, "invalid-timing", "'a'");
    }

    @Test
    void softDeadlineAfterHardDeadlineIs422InvalidTiming()
    {
        assertProblem(client.postJson(DAGS, """
            {"jobs": [{"id": "a", "executorClass": "ocr", "softDeadlineMs": 2000, "hardDeadlineMs": 1000}]}
            """), 422, "invalid-timing", "'a'", "soft deadline");
    }

    @Test
    void dagReadCountsTheNewStates()
    {
        api.dags.put(9L, new DagView(9, "semantics", DagState.CANCELLED, 1, 2, List.of(
            job("a", JobState.RETRY_WAIT), job("b", JobState.CANCELLED), job("c", JobState.CANCELLED),
            job("d", JobState.EXPIRED), job("e", JobState.SKIPPED))));

        final JsonNode dag = json(client.get(DAGS + "/9"));

        assertEquals("CANCELLED", dag.path("state").asText());
        final JsonNode counts = dag.path("counts");
        assertEquals(JobState.values().length, counts.size(), "every state is counted, zero included");
        assertEquals(1, counts.path("RETRY_WAIT").asInt());
        assertEquals(2, counts.path("CANCELLED").asInt());
        assertEquals(1, counts.path("EXPIRED").asInt());
        assertEquals(1, counts.path("SKIPPED").asInt());
        assertEquals(0, counts.path("READY").asInt());
        assertEquals("RETRY_WAIT", dag.path("jobs").get(0).path("state").asText());
        assertEquals("EXPIRED", dag.path("jobs").get(3).path("state").asText());
    }

    private static JobView job(final String id, final JobState state)
    {
        return new JobView(id, "ocr", 0, state, 1, 0, 0, 0, 0, 0, 0, null, null);
    }

    @Test
    void aReferenceKeyAndDuplicatePolicyReachTheScheduler()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"name": "doc", "referenceKey": "invoice-42", "duplicatePolicy": "REPLACE",
             "jobs": [{"id": "a", "executorClass": "ocr"}]}
            """);
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("invoice-42", api.submissions.get(0).referenceKey());
        assertEquals(DuplicatePolicy.REPLACE, api.submissions.get(0).duplicatePolicy());
    }

    @Test
    void aRejectedDuplicateIs409NamingTheExistingDag()
    {
        api.ackMode = FakeSchedulerApi.AckMode.DUPLICATE;
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"referenceKey": "invoice-42", "jobs": [{"id": "a", "executorClass": "ocr"}]}
            """);
        assertProblem(response, 409, "duplicate-reference");
        assertTrue(json(response).get("detail").asText().contains(String.valueOf(FakeSchedulerApi.EXISTING_DAG_ID)));
        assertEquals("/api/v1/dags/" + FakeSchedulerApi.EXISTING_DAG_ID, response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void anUnknownDuplicatePolicyIsRefused()
    {
        final HttpResponse<String> response = client.postJson(DAGS, """
            {"referenceKey": "k", "duplicatePolicy": "SOMETIMES", "jobs": [{"id": "a", "executorClass": "ocr"}]}
            """);
        assertProblem(response, 400, "invalid-field-value");
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void metricsAreServedAsJson()
    {
        final HttpResponse<String> response = client.get("/api/v1/metrics");
        assertEquals(200, response.statusCode(), response.body());
        final JsonNode body = json(response);
        assertEquals(3, body.get("counters").get("scheduler.callbacks.stale").asLong());
        assertEquals(4, body.get("gauges").get("slots.ocr.total").asLong());
        assertEquals(1.5, body.get("stages").get("readyToDispatch").get("p50Us").asDouble());
    }
}
