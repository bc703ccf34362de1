package io.weft.node;

import io.weft.rest.security.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real executor process with a forged credential, over real Aeron UDP: the node refuses it, counts and audits the
 * refusal, drops what it sends afterwards, and never dispatches to it, while an executor with the cluster's token
 * runs the same class's work.
 */
class ExecutorCredentialEndToEndTest
{
    @Test
    void anExecutorWithAWrongCredentialIsRefusedAndNeverReceivesADispatch(@TempDir final Path dir) throws Exception
    {
        try (LiveNodeHarness harness = new LiveNodeHarness(dir, 10_000, 30_000, Map.of()))
        {
            final Path forged = dir.resolve("forged-token");
            Files.writeString(forged, "weft_forged-credential");
            final var intruder = SampleExecutorProcess.start(harness.node().executorEndpoint(), "ocr=4", dir.resolve("intruder.log"),
                "--instance-id", "66", "--token-file", forged.toString(), "--record-file", dir.resolve("intruder-runs.txt").toString(),
                "--aeron-dir", dir.resolve("aeron-intruder").toString(), "--heartbeat-ms", "200");
            try
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> harness.node().audit()
                    .query(null, "executor.register", null, null, null, 0, 10).total() >= 1);
                final AuditLog.Page refusals = harness.node().audit().query(null, "executor.register", null, null, null, 0, 10);
                assertTrue(refusals.entries().get(0).outcome().contains("the executor credential is not valid"), refusals.toString());
                assertTrue(refusals.entries().get(0).target().startsWith("instance 66"));
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.node().api().metrics().counters()
                    .getOrDefault("transport.registrations.refused", 0L) >= 1);

                final long dagId = harness.submit("{\"name\":\"guarded\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"ocr\"}]}");
                harness.startExecutors("ocr=1", 7); // the cluster's own token, from the file the node wrote
                harness.awaitJob(dagId, "a", "SUCCEEDED", Duration.ofSeconds(30));
                assertEquals(1, harness.node().scheduler().executors().size(), "only the executor with a valid token is linked");
                assertEquals(7, harness.node().scheduler().executors().get(0).instanceId());
                assertEquals(0, Files.exists(dir.resolve("intruder-runs.txt")) ? Files.readAllLines(dir.resolve("intruder-runs.txt")).size() : 0,
                    "the refused executor ran nothing");
                assertTrue(intruder.isAlive(), "it is still trying, and still refused");
            }
            finally
            {
                intruder.close();
            }
        }
    }
}
