package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pausing over REST with a real executor process: a paused class (or scheduler) holds ready work back although
 * slots are free, and resuming lets it run.
 */
class PauseEndToEndTest
{
    private static final long EXECUTOR = 401;
    private static final String TWO_NOOPS = """
        {"name": "held", "jobs": [
          {"id": "a", "executorClass": "noop", "payload": {"op": "noop"}},
          {"id": "b", "executorClass": "noop", "payload": {"op": "noop"}}
        ]}
        """;

    @TempDir
    Path tmp;

    private LiveNodeHarness live;

    @BeforeEach
    void start()
    {
        // Nothing here depends on noticing a lost executor quickly, so a busy machine gets the slack.
        live = new LiveNodeHarness(tmp, 5_000, 15_000);
        live.startExecutor(EXECUTOR, "noop=4");
        live.awaitExecutors(1);
    }

    @AfterEach
    void stop()
    {
        live.close();
    }

    @Test
    void pausedClassHoldsReadyJobsUntilResumed()
    {
        final HttpResponse<String> pause = live.post("/api/v1/scheduler/classes/noop/pause");
        assertEquals(202, pause.statusCode(), pause.body());
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler().get("pausedClasses").toString().equals("[\"noop\"]"));
        assertEquals(false, scheduler().get("paused").asBoolean());

        final long dagId = live.submit(TWO_NOOPS);

        // Held for a while with four free slots: nothing is dispatched, the DAG stays PENDING.
        await().atMost(Duration.ofSeconds(5)).until(() -> live.dag(dagId).get("counts").get("READY").asInt() == 2);
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
            .until(() -> isHeld(live.dag(dagId)));
        assertEquals(0, live.node().scheduler().counters().jobsDispatched());
        assertEquals(List.of(), live.records(EXECUTOR));

        // The held jobs, as an operator would look for them across DAGs.
        final JsonNode ready = LiveNodeHarness.json(live.get("/api/v1/jobs?state=READY&class=noop"));
        assertEquals(2, ready.get("total").asLong(), ready.toString());
        assertEquals(Long.toString(dagId), ready.get("jobs").get(0).get("dagId").asText());
        assertEquals("held", ready.get("jobs").get(0).get("dagName").asText());
        assertEquals("a", ready.get("jobs").get(0).get("id").asText());
        assertEquals("b", ready.get("jobs").get(1).get("id").asText());
        assertEquals(0, LiveNodeHarness.json(live.get("/api/v1/jobs?state=READY&class=ocr")).get("total").asLong());

        final HttpResponse<String> resume = live.post("/api/v1/scheduler/classes/noop/resume");
        assertEquals(202, resume.statusCode(), resume.body());

        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(dagId).get("state").asText().equals("SUCCEEDED"));
        assertEquals("[]", scheduler().get("pausedClasses").toString());
        assertEquals(2, live.records(EXECUTOR).size());
    }

    @Test
    void pausedSchedulerHoldsEveryClassAndAClassResumeDoesNotOverrideIt()
    {
        assertEquals(202, live.post("/api/v1/scheduler/pause").statusCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler().get("paused").asBoolean());

        final long dagId = live.submit(TWO_NOOPS);
        await().atMost(Duration.ofSeconds(5)).until(() -> live.dag(dagId).get("counts").get("READY").asInt() == 2);
        assertEquals(202, live.post("/api/v1/scheduler/classes/noop/resume").statusCode());
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
            .until(() -> isHeld(live.dag(dagId)));

        assertEquals(202, live.post("/api/v1/scheduler/resume").statusCode());

        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(dagId).get("state").asText().equals("SUCCEEDED"));
        assertEquals(false, scheduler().get("paused").asBoolean());
    }

    @Test
    void aPausedDagIsHeldWhileAnotherDagRunsAndResumesWhereItStood()
    {
        final long held = live.submit("""
            {"name": "held", "jobs": [
              {"id": "first", "executorClass": "noop", "payload": {"op": "sleep", "ms": 1500}},
              {"id": "second", "executorClass": "noop", "payload": {"op": "noop"}, "dependsOn": ["first"]}
            ]}
            """);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.job(held, "first").get("state").asText().equals("RUNNING"));
        assertEquals(202, live.post("/api/v1/dags/" + held + "/pause").statusCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> live.dag(held).get("state").asText().equals("PAUSED"));

        final long other = live.submit(TWO_NOOPS);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(other).get("state").asText().equals("SUCCEEDED"));

        // The running job finishes; its successor becomes ready but is not dispatched while the DAG is paused.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.job(held, "first").get("state").asText().equals("SUCCEEDED"));
        await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(5))
            .until(() -> live.job(held, "second").get("state").asText().equals("READY")
                && live.dag(held).get("state").asText().equals("PAUSED"));

        assertEquals(202, live.post("/api/v1/dags/" + held + "/resume").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(held).get("state").asText().equals("SUCCEEDED"));
        assertEquals(409, live.post("/api/v1/dags/" + held + "/pause").statusCode(), "a finished DAG cannot be paused");
    }

    private static boolean isHeld(final JsonNode dag)
    {
        return dag.get("state").asText().equals("PENDING") && dag.get("counts").get("READY").asInt() == 2;
    }

    private JsonNode scheduler()
    {
        final HttpResponse<String> response = live.get("/api/v1/scheduler");
        assertEquals(200, response.statusCode(), response.body());
        return LiveNodeHarness.json(response);
    }
}
