package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.scheduler.api.CancelOutcome;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.weft.rest.RestTestClient.assertProblem;
import static io.weft.rest.RestTestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelling a DAG or one job over HTTP, with the scheduler faked: every outcome the api can give, and bad ids. */
class CancelRestTest extends FakeSchedulerServerTest
{
    @BeforeEach
    void addRunningDag()
    {
        api.dags.put(7L, new DagView(7, "batch", DagState.RUNNING, 1, 0, List.of(
            job("split"), job("page/1"), job("ocr 2"))));
    }

    @Test
    void cancellingADagAnswers202FromAReaderThread()
    {
        final HttpResponse<String> response = client.post("/api/v1/dags/7/cancel", null, "");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"dagId\":\"7\",\"status\":\"CANCEL_REQUESTED\"}", response.body());
        assertEquals(List.of("cancel(7,null)"), api.controlCallsWithoutThreads());
        assertTrue(api.controlCalls.get(0).contains("@" + ReadOffloader.THREAD_NAME_PREFIX), api.controlCalls.toString());
    }

    @Test
    void aRequestBodyIsIgnored()
    {
        assertEquals(202, client.postJson("/api/v1/dags/7/cancel", "{\"reason\": \"operator\"}").statusCode());
    }

    @Test
    void cancellingAJobNamesItInTheAnswer()
    {
        final HttpResponse<String> response = client.post("/api/v1/dags/7/jobs/split/cancel", null, "");

        assertEquals(202, response.statusCode(), response.body());
        final JsonNode body = json(response);
        assertEquals("7", body.path("dagId").asText());
        assertEquals("split", body.path("jobId").asText());
        assertEquals("CANCEL_REQUESTED", body.path("status").asText());
        assertEquals(List.of("cancel(7,split)"), api.controlCallsWithoutThreads());
    }

    @Test
    void jobIdIsPercentDecodedAndAnEscapedSlashStaysInIt()
    {
        assertEquals(202, client.post("/api/v1/dags/7/jobs/page%2F1/cancel", null, "").statusCode());
        assertEquals(202, client.post("/api/v1/dags/7/jobs/ocr%202/cancel", null, "").statusCode());

        assertEquals(List.of("cancel(7,page/1)", "cancel(7,ocr 2)"), api.controlCallsWithoutThreads());
    }

    @Test
    void unknownDagIs404DagNotFound()
    {
        assertProblem(client.post("/api/v1/dags/8/cancel", null, ""), 404, "dag-not-found", "8");
    }

    @Test
    void unknownJobOfAKnownDagIs404JobNotFound()
    {
        assertProblem(client.post("/api/v1/dags/7/jobs/ghost/cancel", null, ""), 404, "job-not-found", "'ghost'", "7");
    }

    @Test
    void jobOfAnUnknownDagIs404DagNotFound()
    {
        assertProblem(client.post("/api/v1/dags/8/jobs/split/cancel", null, ""), 404, "dag-not-found", "8");
    }

    @Test
    void finishedDagIs409AlreadyFinished()
    {
        api.cancelOutcome = CancelOutcome.ALREADY_FINISHED;

        assertProblem(client.post("/api/v1/dags/7/cancel", null, ""), 409, "already-finished", "DAG 7");
        assertProblem(client.post("/api/v1/dags/7/jobs/split/cancel", null, ""), 409, "already-finished", "'split'");
    }

    @Test
    void fullRingIs503WithRetryAfter()
    {
        api.cancelOutcome = CancelOutcome.BUSY;

        final HttpResponse<String> response = client.post("/api/v1/dags/7/cancel", null, "");

        assertProblem(response, 503, "overloaded", "retry");
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void badDagIdIs400AndNeverReachesTheScheduler()
    {
        assertProblem(client.post("/api/v1/dags/abc/cancel", null, ""), 400, "invalid-id", "'abc'");
        assertProblem(client.post("/api/v1/dags/x1/jobs/split/cancel", null, ""), 400, "invalid-id", "'x1'");
        assertTrue(api.controlCalls.isEmpty(), api.controlCalls.toString());
    }

    @Test
    void getOnACancelPathIs405()
    {
        final HttpResponse<String> response = client.get("/api/v1/dags/7/cancel");

        assertProblem(response, 405, "method-not-allowed");
        assertEquals("POST", response.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void failingCancelIs500AndTheServerStaysUp()
    {
        final JsonNode problem = assertProblem(
            client.post("/api/v1/dags/" + FakeSchedulerApi.EXPLODING_DAG_ID + "/cancel", null, ""), 500, "internal-error");

        assertFalse(problem.path("detail").asText().contains("exploded"));
        client.assertHealthy();
    }

    private static JobView job(final String id)
    {
        return new JobView(id, "ocr", 0, JobState.READY, 0, 0, 0, 0, 0, 0, 0, null, null);
    }
}
