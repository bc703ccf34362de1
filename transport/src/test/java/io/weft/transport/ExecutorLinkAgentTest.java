package io.weft.transport;

import io.weft.transport.RecordingListener.JobEvent;
import io.weft.transport.RecordingListener.Kind;
import io.weft.transport.RecordingListener.LeaseEvent;
import io.weft.transport.executor.ExecutorClient;
import io.weft.transport.executor.JobResult;
import org.agrona.CloseHelper;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node side and executor SDK together in one JVM, each with its own media driver, over real UDP on loopback.
 */
class ExecutorLinkAgentTest
{
    private static final String NODE_ID = "node-test";
    private static final int LEASE_TIMEOUT_MS = 5_000;
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final RecordingListener listener = new RecordingListener();
    private final List<ExecutorClient> clients = new ArrayList<>();
    private final List<CountDownLatch> latchesToRelease = new ArrayList<>();
    private EmbeddedMediaDriver nodeDriver;
    private ExecutorLinkAgent link;

    @BeforeEach
    void setUp()
    {
        nodeDriver = EmbeddedMediaDriver.launch();
        link = ExecutorLinkAgent.start(
            nodeDriver.aeron(), TransportChannels.DEFAULT_NODE_CHANNEL, NODE_ID, LEASE_TIMEOUT_MS, listener);
    }

    @AfterEach
    void tearDown()
    {
        latchesToRelease.forEach(CountDownLatch::countDown);
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietCloseAll(link, nodeDriver);
    }

    @Test
    void registersWithItsSlotsAndRunsADispatchedJob()
    {
        final ExecutorClient client = startClient(b -> b
            .instanceId(42)
            .deploymentName("pipelines")
            .owner("team-docs")
            .version("1.2.3")
            .capabilities(Set.of("pdf", "ocr"))
            .slots("noop", 2)
            .slots("echo", 1)
            .heartbeatIntervalMs(250)
            .handler(job -> JobResult.success()));

        final ExecutorRegistration registration = awaitRegistration(42);
        assertEquals("pipelines", registration.deploymentName());
        assertEquals("team-docs", registration.owner());
        assertEquals("1.2.3", registration.version());
        assertEquals(Set.of("pdf", "ocr"), registration.capabilities());
        assertEquals(Map.of("noop", 2, "echo", 1), registration.slotsByClass());
        assertEquals(250, registration.heartbeatIntervalMs());
        assertEquals(client.replyChannel(), registration.replyChannel());
        assertTrue(registration.replyChannel().startsWith("aeron:udp?endpoint=127.0.0.1:"));
        assertFalse(registration.replyChannel().contains("127.0.0.1:0|"));
        await().until(client::isRegistered);

        assertTrue(link.sendDispatch(42, 7, 3, 1, 100, 0, "noop", "job-a", bytes("{}")));

        final JobEvent started = awaitJob(Kind.STARTED, 100);
        final JobEvent succeeded = awaitJob(Kind.SUCCEEDED, 100);
        assertEquals(42, started.instanceId());
        assertEquals(7, started.dagId());
        assertEquals(3, started.jobIndex());
        assertEquals(7, succeeded.dagId());
        assertEquals(3, succeeded.jobIndex());
        assertTrue(succeeded.atEpochMs() >= started.atEpochMs());
        assertFalse(listener.resultsByToken.containsKey(100L), "a success without a result reports none, not an empty one");
        await().until(() -> client.jobsCompleted() == 1);
    }

    @Test
    void reportsFailuresWithRetryabilityAndErrorText()
    {
        startClient(b -> b
            .instanceId(43)
            .slots("throws", 1)
            .slots("refuses", 1)
            .handler("throws", job ->
            {
                throw new IllegalStateException("boom in " + job.jobId());
            })
            .handler("refuses", job -> JobResult.failure(false, "bad input")));
        awaitRegistration(43);

        assertTrue(link.sendDispatch(43, 1, 0, 1, 200, 0, "throws", "j0", NO_PAYLOAD));
        assertTrue(link.sendDispatch(43, 1, 1, 1, 201, 0, "refuses", "j1", NO_PAYLOAD));
        assertTrue(link.sendDispatch(43, 1, 2, 1, 202, 0, "gpu", "j2", NO_PAYLOAD));

        final JobEvent thrown = awaitJob(Kind.FAILED, 200);
        assertTrue(thrown.retryable());
        assertEquals("boom in j0", thrown.error());

        final JobEvent refused = awaitJob(Kind.FAILED, 201);
        assertFalse(refused.retryable());
        assertEquals("bad input", refused.error());

        final JobEvent noSlots = awaitJob(Kind.FAILED, 202);
        assertTrue(noSlots.retryable());
        assertEquals("no slots for class gpu", noSlots.error());
        assertTrue(listener.job(Kind.STARTED, 202).isEmpty());
    }

    @Test
    void heartbeatsListTheLeasesHeld()
    {
        final CountDownLatch release = latch();
        final ExecutorClient client = startClient(b -> b
            .instanceId(44)
            .slots("slow", 1)
            .heartbeatIntervalMs(100)
            .handler(job ->
            {
                release.await();
                return JobResult.success();
            }));
        awaitRegistration(44);
        await().until(() -> listener.anyHeartbeat(h -> h.instanceId() == 44 && h.leaseCount() == 0));

        assertTrue(link.sendDispatch(44, 9, 5, 2, 300, 0, "slow", "held", NO_PAYLOAD));
        awaitJob(Kind.STARTED, 300);
        await().until(() -> listener.anyHeartbeat(h -> h.instanceId() == 44 && h.leaseCount() == 1));
        await().until(() -> listener.heartbeatLeases.contains(new LeaseEvent(44, 9, 5, 300)));

        release.countDown();
        awaitJob(Kind.SUCCEEDED, 300);
        final int heartbeatsSoFar = listener.heartbeats.size();
        await().until(() -> listener.heartbeats.stream().skip(heartbeatsSoFar)
            .anyMatch(h -> h.instanceId() == 44 && h.leaseCount() == 0));
        assertEquals(1, client.jobsCompleted());
    }

    @Test
    void echoesA64KiBPayload()
    {
        startClient(b -> b
            .instanceId(45)
            .slots("echo", 1)
            .handler(job -> JobResult.success(job.payload())));
        awaitRegistration(45);

        final byte[] payload = new byte[64 * 1024];
        new Random(7).nextBytes(payload);
        assertTrue(link.sendDispatch(45, 2, 0, 1, 400, 0, "echo", "big", payload));

        awaitJob(Kind.SUCCEEDED, 400);
        assertArrayEquals(payload, listener.resultsByToken.get(400L));
    }

    @Test
    void theExecutorRefusesDispatchesAndCancelsFromAnOlderLease()
    {
        final CountDownLatch release = latch();
        startClient(b -> b
            .instanceId(47)
            .slots("work", 2)
            .handler(job ->
            {
                if (job.jobIndex() == 1)
                {
                    release.await();
                }
                return JobResult.success();
            }));
        awaitRegistration(47);
        final ExecutorClient client = clients.get(clients.size() - 1);

        assertTrue(link.sendDispatch(47, 4, 0, 2, 700, 0, "work", "j0", NO_PAYLOAD));
        awaitJob(Kind.SUCCEEDED, 700);
        assertTrue(link.sendDispatch(47, 4, 0, 1, 699, 0, "work", "j0", NO_PAYLOAD));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.staleMessages() == 1);

        assertTrue(link.sendDispatch(47, 4, 1, 3, 800, 0, "work", "j1", NO_PAYLOAD));
        awaitJob(Kind.STARTED, 800);
        assertTrue(link.sendCancel(47, 4, 1, 799));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.staleMessages() == 2);
        release.countDown();
        awaitJob(Kind.SUCCEEDED, 800);

        assertTrue(listener.job(Kind.STARTED, 699).isEmpty(), "the older lease never ran");
        assertTrue(listener.job(Kind.FAILED, 800).isEmpty(), "the older lease's cancel was ignored");
    }

    @Test
    void cancelInterruptsTheRunningJob()
    {
        final CountDownLatch never = latch();
        startClient(b -> b
            .instanceId(46)
            .slots("slow", 1)
            .handler(job ->
            {
                never.await();
                return JobResult.success();
            }));
        awaitRegistration(46);

        assertTrue(link.sendDispatch(46, 3, 1, 1, 500, 0, "slow", "stuck", NO_PAYLOAD));
        awaitJob(Kind.STARTED, 500);
        assertTrue(link.sendCancel(46, 3, 1, 500));

        final JobEvent cancelled = awaitJob(Kind.FAILED, 500);
        assertFalse(cancelled.retryable());
        assertEquals("cancelled", cancelled.error());
    }

    @Test
    void drainRefusesNewDispatchesAsRetryable()
    {
        final ExecutorClient client = startClient(b -> b
            .instanceId(47)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));
        awaitRegistration(47);

        assertTrue(link.sendDrain(47));
        await().until(client::isDraining);
        assertTrue(link.sendDispatch(47, 4, 0, 1, 600, 0, "noop", "late", NO_PAYLOAD));

        final JobEvent refused = awaitJob(Kind.FAILED, 600);
        assertTrue(refused.retryable());
        assertTrue(refused.error().contains("draining"), refused.error());
    }

    @Test
    void refusesSendsToUnknownOrForgottenInstances()
    {
        startClient(b -> b
            .instanceId(48)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));
        awaitRegistration(48);

        assertFalse(link.sendDispatch(999, 1, 0, 1, 1, 0, "noop", "x", NO_PAYLOAD));
        assertFalse(link.sendCancel(999, 1, 0, 1));
        assertFalse(link.sendDrain(999));

        link.forget(48);
        assertFalse(link.sendDispatch(48, 1, 0, 1, 1, 0, "noop", "x", NO_PAYLOAD));
    }

    @Test
    void aRestartedExecutorRegistersAgainOnItsNewChannel()
    {
        final ExecutorClient first = startClient(b -> b
            .instanceId(49)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));
        awaitRegistration(49);
        first.close();

        final ExecutorClient second = startClient(b -> b
            .instanceId(49)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));
        await().until(() -> listener.registrations(49).stream()
            .anyMatch(r -> r.replyChannel().equals(second.replyChannel())));
        assertNotEquals(first.replyChannel(), second.replyChannel());

        assertTrue(link.sendDispatch(49, 5, 0, 1, 700, 0, "noop", "again", NO_PAYLOAD));
        awaitJob(Kind.SUCCEEDED, 700);
        await().until(() -> second.jobsCompleted() == 1);
    }

    @Test
    void aRegistrationTheNodeRefusesIsAnsweredRejectedAndNeverLinked()
    {
        listener.refuseWith = "an executor class name contains U+000D (CARRIAGE RETURN) at position 1";
        final ExecutorClient client = startClient(b -> b
            .instanceId(51)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));

        await().until(() -> link.registrationsRefused() >= 1);
        assertFalse(client.isRegistered());
        assertTrue(listener.registrations.isEmpty(), "a refused instance never reaches the scheduler");
        assertFalse(link.sendDispatch(51, 7, 0, 1, 100, 0, "noop", "job-a", NO_PAYLOAD), "and nothing is sent to it");
    }

    @Test
    void registerAckTellsTheExecutorTheClusterEndpoints()
    {
        link.clusterEndpoints(List.of(link.nodeEndpoint(), "127.0.0.1:1"));
        final ExecutorClient client = startClient(b -> b
            .instanceId(50)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));
        awaitRegistration(50);

        await().until(() -> client.knownEndpoints().equals(List.of(link.nodeEndpoint(), "127.0.0.1:1")));
        assertEquals(link.nodeEndpoint(), client.linkedEndpoint());
        assertEquals(0, link.redirectsSent());
        assertEquals(1, link.redirectAll("127.0.0.1:1"), "the one registered instance is redirected");
        assertEquals(1, link.redirectsSent());
        assertFalse(link.sendDrain(50), "a redirected instance is forgotten");
    }

    @Test
    void theBuilderTakesSeveralEndpoints()
    {
        final ExecutorClient client = startClient(b -> b
            .nodeEndpoint(link.nodeEndpoint() + ", 127.0.0.1:1")
            .instanceId(51)
            .slots("noop", 1)
            .handler(job -> JobResult.success()));
        assertEquals(List.of(link.nodeEndpoint(), "127.0.0.1:1"), client.knownEndpoints());
        awaitRegistration(51);
        assertEquals(link.nodeEndpoint(), client.linkedEndpoint());

        assertThrows(IllegalArgumentException.class, () -> ExecutorClient.builder().nodeEndpoint("no-port"));
        assertThrows(IllegalArgumentException.class,
            () -> ExecutorClient.builder().nodeEndpoints(List.of("a:1", "b:")));
    }

    @Test
    void aClassWithFewerThreadsThanSlotsRunsEveryDispatchOnThoseThreads()
    {
        final java.util.Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        final CountDownLatch release = latch();
        final ExecutorClient client = startClient(b -> b
            .instanceId(52)
            .slots("short", 3)
            .threads("short", 1)
            .handler(job ->
            {
                workers.add(Thread.currentThread().getName());
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                running.decrementAndGet();
                return JobResult.success();
            }));
        final ExecutorRegistration registration = awaitRegistration(52);
        assertEquals(Map.of("short", 3), registration.slotsByClass(), "the node still sees every slot");

        for (int job = 0; job < 3; job++)
        {
            assertTrue(link.sendDispatch(52, 11, job, 1, 400 + job, 0, "short", "j" + job, NO_PAYLOAD));
        }
        awaitJob(Kind.STARTED, 400);
        release.countDown();
        for (int job = 0; job < 3; job++)
        {
            awaitJob(Kind.SUCCEEDED, 400 + job);
        }
        await().until(() -> client.jobsCompleted() == 3);
        assertEquals(1, workers.size(), "one worker thread ran all three: " + workers);
        assertEquals(1, mostAtOnce.get());

        assertThrows(IllegalArgumentException.class, () -> ExecutorClient.builder().threads("short", 0));
        assertThrows(IllegalStateException.class, () -> ExecutorClient.builder().nodeEndpoint(link.nodeEndpoint())
            .slots("a", 1).threads("b", 1).handler(job -> JobResult.success()).start());
    }

    private ExecutorClient startClient(final Consumer<ExecutorClient.Builder> configuration)
    {
        final ExecutorClient.Builder builder = ExecutorClient.builder().nodeEndpoint(link.nodeEndpoint());
        configuration.accept(builder);
        final ExecutorClient client = builder.start();
        clients.add(client);
        return client;
    }

    private CountDownLatch latch()
    {
        final CountDownLatch latch = new CountDownLatch(1);
        latchesToRelease.add(latch);
        return latch;
    }

    private ExecutorRegistration awaitRegistration(final long instanceId)
    {
        return await().until(() -> listener.registration(instanceId).orElse(null), r -> r != null);
    }

    private JobEvent awaitJob(final Kind kind, final long fencingToken)
    {
        return await().until(() -> listener.job(kind, fencingToken).orElse(null), e -> e != null);
    }

    private static ConditionFactory await()
    {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
