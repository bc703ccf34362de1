package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.scheduler.api.CancelOutcome;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.weft.rest.RestTestClient.assertProblem;
import static io.weft.rest.RestTestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pausing and resuming one DAG over HTTP, with the scheduler faked: each outcome the api can give. */
class DagPauseRestTest extends FakeSchedulerServerTest
{
    @BeforeEach
    void addRunningDag()
    {
        api.dags.put(7L, new DagView(7, "batch", DagState.RUNNING, 1, 0, List.of()));
    }

    @Test
    void pauseAndResumeAnswer202WithTheIntentFromAReaderThread()
    {
        final HttpResponse<String> paused = client.post("/api/v1/dags/7/pause", null, "");
        assertEquals(202, paused.statusCode(), paused.body());
        final JsonNode body = json(paused);
        assertEquals("7", body.get("dagId").asText());
        assertTrue(body.get("paused").asBoolean());
        assertEquals("PAUSE_REQUESTED", body.get("status").asText());

        final HttpResponse<String> resumed = client.post("/api/v1/dags/7/resume", null, "");
        assertEquals(202, resumed.statusCode(), resumed.body());
        assertEquals("RESUME_REQUESTED", json(resumed).get("status").asText());
        assertEquals(List.of("pauseDag(7)", "resumeDag(7)"), api.controlCallsWithoutThreads());
        assertTrue(api.controlCalls.get(0).contains("@" + ReadOffloader.THREAD_NAME_PREFIX), api.controlCalls.toString());
    }

    @Test
    void anUnknownDagIs404()
    {
        assertProblem(client.post("/api/v1/dags/8/pause", null, ""), 404, "dag-not-found");
    }

    @Test
    void aFinishedDagIs409()
    {
        api.cancelOutcome = CancelOutcome.ALREADY_FINISHED;
        assertProblem(client.post("/api/v1/dags/7/resume", null, ""), 409, "already-finished");
    }

    @Test
    void aFullRingIs503WithRetryAfter()
    {
        api.cancelOutcome = CancelOutcome.BUSY;
        final HttpResponse<String> response = client.post("/api/v1/dags/7/pause", null, "");
        assertProblem(response, 503, "overloaded");
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void aBadIdIs400()
    {
        assertProblem(client.post("/api/v1/dags/nope/pause", null, ""), 400, "invalid-id");
    }
}
