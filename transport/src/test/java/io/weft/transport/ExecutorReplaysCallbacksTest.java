package io.weft.transport;

import io.weft.transport.RecordingListener.JobEvent;
import io.weft.transport.RecordingListener.Kind;
import io.weft.transport.executor.ExecutorClient;
import io.weft.transport.executor.JobResult;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job that finishes after its node died but before the executor noticed sends its callback into the dead link;
 * once the executor is accepted by the next node it replays that callback there, once. Two nodes' executor links
 * (A and B) and an executor in one JVM, each with its own media driver.
 * <p>
 * Node A dies by freezing its media driver (its only thread blocks in the idle strategy), as a kill -9 or SIGSTOP
 * looks from outside: silence. Closing A's agent and driver would not do: a driver that closes cleanly tells the
 * executor's driver at once, so the executor moves to B before the job ends and the callback never meets the dead
 * link. Frozen, A takes in nothing, and the executor notices only after its node-loss timeout.
 */
class ExecutorReplaysCallbacksTest
{
    private static final int LEASE_TIMEOUT_MS = 5_000;
    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final byte[] RESULT = "done at last".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path aeronDirs;

    private final RecordingListener listenerA = new RecordingListener();
    private final RecordingListener listenerB = new RecordingListener();
    private final List<ExecutorClient> clients = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final FreezableIdleStrategy driverAIdle = new FreezableIdleStrategy();
    private EmbeddedMediaDriver driverA;
    private EmbeddedMediaDriver driverB;
    private ExecutorLinkAgent linkA;
    private ExecutorLinkAgent linkB;

    @BeforeEach
    void setUp()
    {
        driverA = EmbeddedMediaDriver.launch(aeronDirs.resolve("node-a").toString(), driverAIdle);
        linkA = ExecutorLinkAgent.start(driverA.aeron(), null, "node-a", LEASE_TIMEOUT_MS, listenerA);
        driverB = EmbeddedMediaDriver.launch(aeronDirs.resolve("node-b").toString());
        linkB = ExecutorLinkAgent.start(driverB.aeron(), null, "node-b", LEASE_TIMEOUT_MS, listenerB);
    }

    @AfterEach
    void tearDown()
    {
        release.countDown();
        driverAIdle.thaw();
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietCloseAll(linkA, driverA, linkB, driverB);
    }

    @Test
    void aSucceededSentWhileTheNodeWasAlreadyDeadIsReplayedToTheNextNode()
    {
        final ExecutorClient client = startClient(71);
        runJobThatFinishesAfterNodeADies(client, "late-success", 40);

        final JobEvent succeeded = listenerB.awaitJob(Kind.SUCCEEDED, 40);
        assertEquals(71, succeeded.instanceId());
        assertEquals(4, succeeded.dagId());
        assertEquals(0, succeeded.jobIndex());
        assertArrayEquals(RESULT, listenerB.resultsByToken.get(40L));
        assertEquals(1, client.callbacksReplayed(), "B got the Succeeded by replay, not as the first send");
        assertTrue(listenerB.registration(71).isPresent());
    }

    @Test
    void aFailedSentWhileTheNodeWasAlreadyDeadIsReplayedWithItsErrorAndRetryHint()
    {
        final ExecutorClient client = startClient(72);
        runJobThatFinishesAfterNodeADies(client, "late-failure", 41);

        final JobEvent failed = listenerB.awaitJob(Kind.FAILED, 41);
        assertEquals(72, failed.instanceId());
        assertTrue(failed.retryable());
        assertEquals("gave up late", failed.error());
        assertEquals(1, client.callbacksReplayed());
    }

    @Test
    void aCallbackIsReplayedOnlyOnceAndNotWithLaterHeartbeats()
    {
        final ExecutorClient client = startClient(73);
        runJobThatFinishesAfterNodeADies(client, "late-success", 42);
        listenerB.awaitJob(Kind.SUCCEEDED, 42);

        // Heartbeats go on; a job run wholly on B's link is not replayed either.
        final long heartbeatsBefore = heartbeatsFrom(listenerB, 73);
        assertTrue(linkB.sendDispatch(73, 5, 1, 1, 43, 0, "work", "quick", NO_PAYLOAD));
        listenerB.awaitJob(Kind.SUCCEEDED, 43);
        await().until(() -> heartbeatsFrom(listenerB, 73) >= heartbeatsBefore + 5);

        assertEquals(1, countJobs(listenerB, Kind.SUCCEEDED, 42), "the replayed lease reached B exactly once");
        assertEquals(1, countJobs(listenerB, Kind.SUCCEEDED, 43));
        assertEquals(1, client.callbacksReplayed());
        assertTrue(listenerA.job(Kind.SUCCEEDED, 43).isEmpty());
    }

    @Test
    void aNodeThatClosesItsLinkBackKeepsTheExecutorAndGetsItsCallbacksAgain()
    {
        final ExecutorClient client = startClient(74);
        await().until(() -> listenerA.registration(74).isPresent() && client.isRegistered());
        assertTrue(linkA.sendDispatch(74, 6, 0, 1, 44, 0, "work", "quick", NO_PAYLOAD));
        listenerA.awaitJob(Kind.SUCCEEDED, 44);
        assertEquals(0, client.callbacksReplayed());

        // A declared the executor lost while both are alive: its link to A is still up, so it stays with A rather
        // than moving to B, and what it sent A before goes again (A refuses the duplicate by its lease).
        linkA.forget(74);
        await().until(() -> listenerA.registrations(74).size() == 2);
        await().until(() -> countJobs(listenerA, Kind.SUCCEEDED, 44) == 2);
        assertEquals(1, client.callbacksReplayed());
        assertEquals(linkA.nodeEndpoint(), client.linkedEndpoint());
        assertTrue(listenerB.registrations(74).isEmpty(), "no rotation away from a node that is alive");
    }

    /**
     * Register with A, run a job there that waits on {@link #release}, freeze A while the job runs, then let the
     * job finish: its callback goes into A's link before the executor's driver notices A is gone.
     */
    private void runJobThatFinishesAfterNodeADies(
        final ExecutorClient client, final String jobId, final long fencingToken)
    {
        await().until(() -> listenerA.registration(client.instanceId()).isPresent() && client.isRegistered());
        assertEquals(linkA.nodeEndpoint(), client.linkedEndpoint());
        assertTrue(linkA.sendDispatch(client.instanceId(), 4, 0, 1, fencingToken, 0, "work", jobId, NO_PAYLOAD));
        listenerA.awaitJob(Kind.STARTED, fencingToken);

        driverAIdle.freeze();
        release.countDown();
        // Sent into the silent link well inside the node-loss timeout, so only a replay can bring it to B.
        await().until(() -> client.jobsCompleted() == 1);
        assertEquals(linkA.nodeEndpoint(), client.linkedEndpoint(), "sent before the executor noticed");

        await().until(() -> listenerB.registration(client.instanceId()).isPresent());
        await().until(() -> client.isRegistered() && linkB.nodeEndpoint().equals(client.linkedEndpoint()));
    }

    private ExecutorClient startClient(final long instanceId)
    {
        final ExecutorClient client = ExecutorClient.builder()
            .instanceId(instanceId)
            .aeronDirectoryName(aeronDirs.resolve("executor-" + instanceId).toString())
            .nodeEndpoints(List.of(linkA.nodeEndpoint(), linkB.nodeEndpoint()))
            .heartbeatIntervalMs(100)
            .slots("work", 2)
            .handler(job ->
            {
                switch (job.jobId())
                {
                    case "late-success":
                        release.await();
                        return JobResult.success(RESULT);
                    case "late-failure":
                        release.await();
                        return JobResult.failure(true, "gave up late");
                    default:
                        return JobResult.success();
                }
            })
            .start();
        clients.add(client);
        return client;
    }

    private static long heartbeatsFrom(final RecordingListener listener, final long instanceId)
    {
        return listener.heartbeats.stream().filter(h -> h.instanceId() == instanceId).count();
    }

    private static long countJobs(final RecordingListener listener, final Kind kind, final long fencingToken)
    {
        return listener.jobEvents.stream().filter(e -> e.kind() == kind && e.fencingToken() == fencingToken).count();
    }

    /**
     * The driver's idle strategy: frozen, its duty cycle blocks in {@link #idle(int)} until thawed.
     */
    private static final class FreezableIdleStrategy implements IdleStrategy
    {
        private final IdleStrategy delegate = new BackoffIdleStrategy(
            100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        private volatile boolean frozen;

        void freeze()
        {
            frozen = true;
        }

        void thaw()
        {
            frozen = false;
        }

        @Override
        public void idle(final int workCount)
        {
            while (frozen)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            delegate.idle(workCount);
        }

        @Override
        public void idle()
        {
            idle(0);
        }

        @Override
        public void reset()
        {
            delegate.reset();
        }
    }

    private static ConditionFactory await()
    {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }
}
