package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancelling over REST with a real executor process: a queued job ends at once, a running one once the executor
 * has interrupted it and confirmed, and the slot it held is free for the next job.
 */
class CancelEndToEndTest
{
    private static final long EXECUTOR = 301;

    @TempDir
    Path tmp;

    private LiveNodeHarness live;

    @BeforeEach
    void start()
    {
        // Nothing here depends on noticing a lost executor quickly, so a busy machine gets the slack.
        live = new LiveNodeHarness(tmp, 5_000, 15_000);
        live.startExecutor(EXECUTOR, "sleep=1");
        live.awaitExecutors(1);
    }

    @AfterEach
    void stop()
    {
        live.close();
    }

    @Test
    void cancellingADagEndsQueuedAndRunningJobsAndFreesTheSlot()
    {
        final long dagId = live.submit("""
            {"name": "to-cancel", "jobs": [
              {"id": "first", "executorClass": "sleep", "priority": 9, "payload": {"op": "sleep", "ms": 30000}},
              {"id": "second", "executorClass": "sleep", "priority": 1, "payload": {"op": "sleep", "ms": 30000}}
            ]}
            """);
        final Map<String, String> states = new HashMap<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            states.clear();
            live.dag(dagId).get("jobs").forEach(job -> states.put(job.get("state").asText(), job.get("id").asText()));
            return states.containsKey("RUNNING") && states.containsKey("READY");
        });
        final String running = states.get("RUNNING");
        final String queued = states.get("READY");

        final HttpResponse<String> cancel = live.post("/api/v1/dags/" + dagId + "/cancel");

        assertEquals(202, cancel.statusCode(), cancel.body());
        assertEquals("CANCEL_REQUESTED", LiveNodeHarness.json(cancel).get("status").asText());
        // Far inside the 30 s sleep and with heartbeats renewing the lease: only the executor's confirmation ends it.
        await().atMost(Duration.ofSeconds(5)).until(() -> live.dag(dagId).get("state").asText().equals("CANCELLED"));

        final JsonNode dag = live.dag(dagId);
        assertEquals(2, dag.get("counts").get("CANCELLED").asInt(), dag.toString());
        final JsonNode queuedJob = live.job(dagId, queued);
        assertEquals("CANCELLED", queuedJob.get("state").asText());
        assertEquals(0, queuedJob.get("attempts").asInt(), "the queued job never ran");
        final JsonNode runningJob = live.job(dagId, running);
        assertEquals("CANCELLED", runningJob.get("state").asText());
        assertEquals(1, runningJob.get("attempts").asInt());
        assertTrue(runningJob.get("startedAt").isTextual() && runningJob.get("finishedAt").isTextual(), runningJob.toString());
        assertEquals(List.of(), live.records(EXECUTOR), "the interrupted sleep did not complete");
        assertTrue(dag.get("finishedAt").isTextual());

        await().atMost(Duration.ofSeconds(5)).until(() -> slotsUsed() == 0);
        assertEquals(0, live.node().scheduler().counters().staleCallbacks());

        final HttpResponse<String> again = live.post("/api/v1/dags/" + dagId + "/cancel");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("already-finished"), again.body());

        // The freed slot takes new work.
        final long next = live.submit("""
            {"jobs": [{"id": "after", "executorClass": "sleep", "payload": {"op": "sleep", "ms": 10}}]}
            """);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(next).get("state").asText().equals("SUCCEEDED"));
    }

    @Test
    void cancellingOneRunningJobCancelsWhatDependsOnItAndTheDagFails()
    {
        final long dagId = live.submit("""
            {"name": "cancel-one", "jobs": [
              {"id": "page/1", "executorClass": "sleep", "payload": {"op": "sleep", "ms": 30000}},
              {"id": "merge", "executorClass": "sleep", "dependsOn": ["page/1"]}
            ]}
            """);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.job(dagId, "page/1").get("state").asText().equals("RUNNING"));

        final HttpResponse<String> unknown = live.post("/api/v1/dags/" + dagId + "/jobs/nope/cancel");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("job-not-found"), unknown.body());

        final HttpResponse<String> cancel = live.post("/api/v1/dags/" + dagId + "/jobs/page%2F1/cancel");
        assertEquals(202, cancel.statusCode(), cancel.body());
        assertEquals("page/1", LiveNodeHarness.json(cancel).get("jobId").asText());

        await().atMost(Duration.ofSeconds(5)).until(() -> live.dag(dagId).get("state").asText().equals("FAILED"));
        assertEquals("CANCELLED", live.job(dagId, "page/1").get("state").asText());
        assertEquals("CANCELLED", live.job(dagId, "merge").get("state").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> slotsUsed() == 0);
    }

    private int slotsUsed()
    {
        int used = 0;
        for (final JsonNode executor : LiveNodeHarness.json(live.get("/api/v1/executors")).get("executors"))
        {
            for (final JsonNode slot : executor.get("slots"))
            {
                used += slot.get("used").asInt();
            }
        }
        return used;
    }
}
