package io.weft.rest;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.weft.rest.RestTestClient.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pausing and resuming the scheduler or one class over HTTP, and reading the pause state back. */
class SchedulerPauseRestTest extends FakeSchedulerServerTest
{
    @Test
    void nothingIsPausedAtFirst()
    {
        final HttpResponse<String> response = client.get("/api/v1/scheduler");

        assertEquals(200, response.statusCode());
        assertEquals("{\"paused\":false,\"pausedClasses\":[]}", response.body());
    }

    @Test
    void pausingAndResumingTheWholeSchedulerAnswers202WithTheIntent()
    {
        final HttpResponse<String> paused = client.post("/api/v1/scheduler/pause", null, "");
        assertEquals(202, paused.statusCode(), paused.body());
        assertEquals("{\"scope\":\"scheduler\",\"paused\":true,\"status\":\"PAUSE_REQUESTED\"}", paused.body());
        assertEquals("{\"paused\":true,\"pausedClasses\":[]}", client.get("/api/v1/scheduler").body());

        final HttpResponse<String> resumed = client.post("/api/v1/scheduler/resume", null, "");
        assertEquals(202, resumed.statusCode(), resumed.body());
        assertEquals("{\"scope\":\"scheduler\",\"paused\":false,\"status\":\"RESUME_REQUESTED\"}", resumed.body());
        assertEquals("{\"paused\":false,\"pausedClasses\":[]}", client.get("/api/v1/scheduler").body());

        assertEquals(List.of("pause(null)", "resume(null)"), api.controlCallsWithoutThreads());
    }

    @Test
    void pausingClassesListsThemSortedAndResumingOneLeavesTheOther()
    {
        assertEquals(202, client.post("/api/v1/scheduler/classes/ocr/pause", null, "").statusCode());
        final HttpResponse<String> classify = client.post("/api/v1/scheduler/classes/classify/pause", null, "");
        assertEquals("{\"scope\":\"class\",\"executorClass\":\"classify\",\"paused\":true,\"status\":\"PAUSE_REQUESTED\"}",
            classify.body());
        assertEquals("{\"paused\":false,\"pausedClasses\":[\"classify\",\"ocr\"]}", client.get("/api/v1/scheduler").body());

        final HttpResponse<String> resumed = client.post("/api/v1/scheduler/classes/ocr/resume", null, "");
        assertEquals(202, resumed.statusCode());
        assertEquals("{\"scope\":\"class\",\"executorClass\":\"ocr\",\"paused\":false,\"status\":\"RESUME_REQUESTED\"}",
            resumed.body());
        assertEquals("{\"paused\":false,\"pausedClasses\":[\"classify\"]}", client.get("/api/v1/scheduler").body());
    }

    @Test
    void classNameIsPercentDecoded()
    {
        assertEquals(202, client.post("/api/v1/scheduler/classes/gpu%2Focr/pause", null, "").statusCode());

        assertEquals(List.of("pause(gpu/ocr)"), api.controlCallsWithoutThreads());
    }

    @Test
    void pauseAndResumeStayOnTheEventLoop()
    {
        client.post("/api/v1/scheduler/pause", null, "");

        assertTrue(api.controlCalls.get(0).contains("@weft-rest-io"), api.controlCalls.toString());
    }

    @Test
    void fullRingIs503WithRetryAfterForEveryChange()
    {
        api.ringFull = true;

        for (final String path : List.of(
            "/api/v1/scheduler/pause", "/api/v1/scheduler/resume",
            "/api/v1/scheduler/classes/ocr/pause", "/api/v1/scheduler/classes/ocr/resume"))
        {
            final HttpResponse<String> response = client.post(path, null, "");
            assertProblem(response, 503, "overloaded", "retry");
            assertEquals("1", response.headers().firstValue("Retry-After").orElse(null), path);
        }
        assertEquals("{\"paused\":false,\"pausedClasses\":[]}", client.get("/api/v1/scheduler").body());
    }

    @Test
    void wrongMethodsAre405()
    {
        final HttpResponse<String> getPause = client.get("/api/v1/scheduler/pause");
        assertProblem(getPause, 405, "method-not-allowed");
        assertEquals("POST", getPause.headers().firstValue("Allow").orElse(null));

        final HttpResponse<String> postState = client.post("/api/v1/scheduler", null, "");
        assertProblem(postState, 405, "method-not-allowed");
        assertEquals("GET", postState.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void emptyClassSegmentIs404()
    {
        assertProblem(client.post("/api/v1/scheduler/classes//pause", null, ""), 404, "not-found");
        assertTrue(api.controlCalls.isEmpty());
    }
}
