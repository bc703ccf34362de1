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
 * A zombie executor: frozen with SIGSTOP mid-job (as a long GC pause or a hung host would), declared lost, and
 * thawed after the job was retried and completed elsewhere. It finishes its own attempt and reports success with
 * the old fencing token; the node must count that callback as stale and keep the result it already recorded.
 */
class StaleCallbackFencingTest
{
    private static final long FIRST = 201;
    private static final long SECOND = 202;

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
    void lateSuccessFromAThawedExecutorIsRefusedAndTheRecordedResultStands()
    {
        final long dagId = live.submit("""
            {"name": "zombie", "jobs": [
              {"id": "render", "executorClass": "sleep", "payload": {"op": "sleep", "ms": 4000},
               "retry": {"maxAttempts": 3, "initialBackoffMs": 100, "jitter": 0}}
            ]}
            """);

        final JsonNode first = live.awaitJob(dagId, "render", "RUNNING", Duration.ofSeconds(10));
        final long zombie = first.get("executorInstanceId").asLong();
        final long other = zombie == FIRST ? SECOND : FIRST;
        final long zombieToken = first.get("fencingToken").asLong();

        LiveNodeHarness.signal(live.executor(zombie), "STOP");

        final JsonNode done = live.awaitJob(dagId, "render", "SUCCEEDED", Duration.ofSeconds(15));
        assertEquals(Long.toString(other), done.get("executorInstanceId").asText(), done.toString());
        assertEquals(2, done.get("attempts").asInt(), done.toString());
        final long acceptedToken = done.get("fencingToken").asLong();
        assertTrue(acceptedToken > zombieToken);
        assertEquals(List.of(), live.records(zombie), "the zombie has not finished while frozen");

        final long staleBefore = live.node().scheduler().counters().staleCallbacks();
        LiveNodeHarness.signal(live.executor(zombie), "CONT");

        // The thawed executor's sleep is long over: it finishes at once and sends Succeeded with its old token.
        await().atMost(Duration.ofSeconds(10)).until(() -> live.records(zombie).size() == 1);
        assertEquals(dagId + " 0 render 1 " + zombieToken, live.records(zombie).get(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> live.node().scheduler().counters().staleCallbacks() > staleBefore);

        // Ran twice, accepted once: the recorded result is still the second attempt's, on the other executor.
        assertEquals(List.of(dagId + " 0 render 2 " + acceptedToken), live.records(other));
        final JsonNode dag = live.dag(dagId);
        assertEquals("SUCCEEDED", dag.get("state").asText());
        final JsonNode job = dag.get("jobs").get(0);
        assertEquals("SUCCEEDED", job.get("state").asText());
        assertEquals(Long.toString(other), job.get("executorInstanceId").asText());
        assertEquals(2, job.get("attempts").asInt());
        assertEquals(acceptedToken, job.get("fencingToken").asLong());
        assertEquals(1, live.node().scheduler().counters().jobsSucceeded(), "one success counted, not two");

        // The node had forgotten the zombie and closed its link; the executor notices and registers again, so a
        // partition or a long pause costs its in-flight attempts, not the instance.
        await().atMost(Duration.ofSeconds(20)).until(() -> live.node().scheduler().executors().stream()
            .anyMatch(executor -> executor.instanceId() == zombie));
    }
}
