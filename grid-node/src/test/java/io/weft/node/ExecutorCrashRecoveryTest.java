package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor process killed with SIGKILL in the middle of a job: the node notices the silence, the attempt ends,
 * and the job retries on the other executor after its backoff. Nothing is faked; the executors are OS processes.
 */
class ExecutorCrashRecoveryTest
{
    private static final long FIRST = 101;
    private static final long SECOND = 102;

    @TempDir
    Path tmp;

    private LiveNodeHarness live;

    @BeforeEach
    void start()
    {
        live = new LiveNodeHarness(tmp);
        live.startExecutors("sleep=1", FIRST, SECOND);
    }

    @AfterEach
    void stop()
    {
        live.close();
    }

    @Test
    void jobOfAKilledExecutorCompletesOnTheOtherOneWithASecondAttempt()
    {
        final long dagId = live.submit("""
            {"name": "crash", "jobs": [
              {"id": "render", "executorClass": "sleep", "payload": {"op": "sleep", "ms": 3000},
               "retry": {"maxAttempts": 3, "initialBackoffMs": 100, "jitter": 0}}
            ]}
            """);

        final JsonNode running = live.awaitJob(dagId, "render", "RUNNING", Duration.ofSeconds(10));
        final long victim = running.get("executorInstanceId").asLong();
        final long survivor = victim == FIRST ? SECOND : FIRST;
        assertEquals(1, running.get("attempts").asInt());

        live.executor(victim).kill();

        await().atMost(Duration.ofSeconds(15)).until(() -> live.dag(dagId).get("state").asText().equals("SUCCEEDED"));
        final JsonNode job = live.job(dagId, "render");
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        assertEquals(2, job.get("attempts").asInt(), job.toString());
        assertEquals(Long.toString(survivor), job.get("executorInstanceId").asText(), job.toString());
        assertTrue(job.get("fencingToken").asLong() > running.get("fencingToken").asLong(), "a retry carries a newer token");

        // The executors' own testimony: the killed one never finished the job, the survivor ran attempt 2 once.
        assertEquals(List.of(), live.records(victim));
        final List<String> survivorRuns = live.records(survivor);
        assertEquals(1, survivorRuns.size(), survivorRuns.toString());
        assertEquals(dagId + " 0 render 2 " + job.get("fencingToken").asLong(), survivorRuns.get(0));

        assertEquals(1, live.node().scheduler().counters().executorsLost());
        final JsonNode executors = LiveNodeHarness.json(live.get("/api/v1/executors")).get("executors");
        assertEquals(1, executors.size(), executors.toString());
        assertEquals(Long.toString(survivor), executors.get(0).get("instanceId").asText());
        assertEquals(0, executors.get(0).get("slots").get(0).get("used").asInt(), executors.toString());
    }
}
