package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs that fail for good, with a real executor process: retries up to the policy's limit, the dead-letter listing,
 * skipped descendants under CONTINUE, and FAIL_FAST stopping a running sibling through its executor.
 */
class FailureHandlingEndToEndTest
{
    private static final long EXECUTOR = 501;

    @TempDir
    Path tmp;

    private LiveNodeHarness live;

    @BeforeEach
    void start()
    {
        // Nothing here depends on noticing a lost executor quickly, so a busy machine gets the slack.
        live = new LiveNodeHarness(tmp, 5_000, 15_000);
        live.startExecutor(EXECUTOR, "work=2");
        live.awaitExecutors(1);
    }

    @AfterEach
    void stop()
    {
        live.close();
    }

    @Test
    void retryableFailureIsRetriedThenDeadLetteredAndItsDescendantSkipped()
    {
        final long dagId = live.submit("""
            {"name": "flaky", "jobs": [
              {"id": "extract", "executorClass": "work", "payload": {"op": "fail", "retryable": true},
               "retry": {"maxAttempts": 3, "initialBackoffMs": 50, "multiplier": 2, "jitter": 0}},
              {"id": "index", "executorClass": "work", "dependsOn": ["extract"]},
              {"id": "thumbnail", "executorClass": "work", "payload": {"op": "noop"}}
            ]}
            """);

        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(dagId).get("state").asText().equals("FAILED"));
        final JsonNode extract = live.job(dagId, "extract");
        assertEquals("FAILED", extract.get("state").asText());
        assertEquals(3, extract.get("attempts").asInt(), "every attempt the policy allows");
        assertEquals("requested failure", extract.get("error").asText());
        assertEquals("SKIPPED", live.job(dagId, "index").get("state").asText());
        assertEquals("SUCCEEDED", live.job(dagId, "thumbnail").get("state").asText(), "CONTINUE runs independent work on");
        assertEquals(2, live.node().scheduler().counters().jobRetries());

        final JsonNode letters = LiveNodeHarness.json(live.get("/api/v1/dead-letters"));
        assertEquals(1, letters.get("total").asLong(), letters.toString());
        final JsonNode letter = letters.get("jobs").get(0);
        assertEquals(Long.toString(dagId), letter.get("dagId").asText());
        assertEquals("flaky", letter.get("dagName").asText());
        assertEquals("extract", letter.get("id").asText());
        assertEquals(3, letter.get("attempts").asInt());

        final JsonNode skipped = LiveNodeHarness.json(live.get("/api/v1/jobs?state=SKIPPED"));
        assertEquals(1, skipped.get("total").asLong());
        assertEquals("index", skipped.get("jobs").get(0).get("id").asText());
    }

    @Test
    void failFastCancelsARunningSiblingThroughItsExecutor()
    {
        final long dagId = live.submit("""
            {"name": "strict", "failurePolicy": "FAIL_FAST", "jobs": [
              {"id": "slow", "executorClass": "work", "payload": {"op": "sleep", "ms": 30000}},
              {"id": "warm-up", "executorClass": "work", "payload": {"op": "sleep", "ms": 300}},
              {"id": "bad", "executorClass": "work", "payload": {"op": "fail"}, "dependsOn": ["warm-up"]},
              {"id": "after-slow", "executorClass": "work", "dependsOn": ["slow"]}
            ]}
            """);

        // "bad" fails only after "warm-up", so "slow" is surely running by then. Well inside its 30 s sleep, only
        // fail-fast's cancel, confirmed by the executor, can end it this soon.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.dag(dagId).get("state").asText().equals("FAILED"));
        final JsonNode bad = live.job(dagId, "bad");
        assertEquals("FAILED", bad.get("state").asText());
        assertEquals(1, bad.get("attempts").asInt(), "a non-retryable failure is not retried");
        final JsonNode slow = live.job(dagId, "slow");
        assertEquals("CANCELLED", slow.get("state").asText(), slow.toString());
        assertTrue(slow.get("startedAt").isTextual(), "slow was running when fail-fast stopped it");
        // The core's reason survives the executor's confirmation ("cancelled").
        assertTrue(slow.get("error").asText().startsWith("fail-fast: job"), slow.toString());
        assertEquals("CANCELLED", live.job(dagId, "after-slow").get("state").asText());
        assertEquals("SUCCEEDED", live.job(dagId, "warm-up").get("state").asText());
    }
}
