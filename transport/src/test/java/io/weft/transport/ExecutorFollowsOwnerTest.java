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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes' executor links (A and B) and executors in one JVM, each with its own media driver: an executor ends
 * up linked to the node that owns scheduling, whether it is sent there or its node dies, and its running jobs
 * report to wherever it is linked.
 */
class ExecutorFollowsOwnerTest
{
    private static final int LEASE_TIMEOUT_MS = 5_000;
    private static final byte[] NO_PAYLOAD = new byte[0];

    @TempDir
    Path aeronDirs;

    private final RecordingListener listenerA = new RecordingListener();
    private final RecordingListener listenerB = new RecordingListener();
    private final List<ExecutorClient> clients = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private EmbeddedMediaDriver driverA;
    private EmbeddedMediaDriver driverB;
    private ExecutorLinkAgent linkA;
    private ExecutorLinkAgent linkB;

    @BeforeEach
    void setUp()
    {
        driverA = EmbeddedMediaDriver.launch(aeronDirs.resolve("node-a").toString());
        linkA = ExecutorLinkAgent.start(driverA.aeron(), null, "node-a", LEASE_TIMEOUT_MS, listenerA);
        driverB = EmbeddedMediaDriver.launch(aeronDirs.resolve("node-b").toString());
        linkB = ExecutorLinkAgent.start(driverB.aeron(), null, "node-b", LEASE_TIMEOUT_MS, listenerB);
    }

    @AfterEach
    void tearDown()
    {
        release.countDown();
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietCloseAll(linkA, driverA, linkB, driverB);
    }

    @Test
    void aRegistrationRedirectedByANodeThatIsNotTheOwnerEndsAtTheOwner()
    {
        listenerA.redirectTo = linkB.nodeEndpoint();
        final ExecutorClient client = startClient(61, b -> b.nodeEndpoint(linkA.nodeEndpoint()));

        await().until(() -> listenerB.registration(61).isPresent());
        await().until(client::isRegistered);
        assertEquals(linkB.nodeEndpoint(), client.linkedEndpoint());
        assertTrue(listenerA.registrations(61).isEmpty(), "the redirecting node does not keep the executor");
        assertTrue(linkA.redirectsSent() >= 1);

        assertTrue(linkB.sendDispatch(61, 1, 0, 1, 10, 0, "work", "at-owner", NO_PAYLOAD));
        listenerB.awaitJob(Kind.SUCCEEDED, 10);
    }

    @Test
    void redirectAllMovesExecutorsAndTheirRunningJobsReportToTheNewOwner()
    {
        final ExecutorClient client = startClient(62, b -> b.nodeEndpoint(linkA.nodeEndpoint()));
        await().until(() -> listenerA.registration(62).isPresent());
        assertTrue(linkA.sendDispatch(62, 2, 3, 1, 20, 0, "work", "long", NO_PAYLOAD));
        listenerA.awaitJob(Kind.STARTED, 20);

        // A lost ownership: it sends new registrations to B as well, then hands over the executors it holds.
        listenerA.redirectTo = linkB.nodeEndpoint();
        assertEquals(1, linkA.redirectAll(linkB.nodeEndpoint()));
        assertEquals(1, linkA.redirectsSent());
        assertTrue(!linkA.sendDispatch(62, 2, 4, 1, 21, 0, "work", "after", NO_PAYLOAD), "A forgot the executor");

        await().until(() -> listenerB.registration(62).isPresent());
        await().until(() -> client.isRegistered() && linkB.nodeEndpoint().equals(client.linkedEndpoint()));
        await().until(() -> listenerB.heartbeatLeases.contains(new LeaseEvent(62, 2, 3, 20)));

        release.countDown();
        final JobEvent succeeded = listenerB.awaitJob(Kind.SUCCEEDED, 20);
        assertEquals(62, succeeded.instanceId());
        assertTrue(listenerA.job(Kind.SUCCEEDED, 20).isEmpty(), "the callback followed the link to B");
    }

    @Test
    void anExecutorWhoseNodeDiesRegistersWithTheNextNodeAndListsItsRunningJob()
    {
        final ExecutorClient client = startClient(63, b -> b.nodeEndpoints(
            List.of(linkA.nodeEndpoint(), linkB.nodeEndpoint())));
        await().until(() -> listenerA.registration(63).isPresent());
        assertEquals(linkA.nodeEndpoint(), client.linkedEndpoint());
        assertTrue(linkA.sendDispatch(63, 3, 0, 1, 30, 0, "work", "survivor", NO_PAYLOAD));
        listenerA.awaitJob(Kind.STARTED, 30);

        CloseHelper.closeAll(linkA, driverA);

        await().until(() -> listenerB.registration(63).isPresent());
        assertEquals(linkB.nodeEndpoint(), client.linkedEndpoint());
        await().until(() -> listenerB.heartbeatLeases.contains(new LeaseEvent(63, 3, 0, 30)));

        release.countDown();
        listenerB.awaitJob(Kind.SUCCEEDED, 30);
    }

    @Test
    void anExecutorLearnsTheClusterFromItsNodeAndFindsAnotherNodeWhenItDies()
    {
        linkA.clusterEndpoints(List.of(linkA.nodeEndpoint(), linkB.nodeEndpoint()));
        final ExecutorClient client = startClient(64, b -> b.nodeEndpoint(linkA.nodeEndpoint()));
        await().until(() -> listenerA.registration(64).isPresent());
        await().until(() -> client.knownEndpoints().contains(linkB.nodeEndpoint()));

        CloseHelper.closeAll(linkA, driverA);

        await().until(() -> listenerB.registration(64).isPresent());
        await().until(() -> client.isRegistered() && linkB.nodeEndpoint().equals(client.linkedEndpoint()));
    }

    @Test
    void nodesThatDisagreeOnTheOwnerCannotBounceAnExecutorInATightLoop()
    {
        listenerA.redirectTo = linkB.nodeEndpoint();
        listenerB.redirectTo = linkA.nodeEndpoint();
        final long startNs = System.nanoTime();
        final ExecutorClient client = startClient(65, b -> b.nodeEndpoint(linkA.nodeEndpoint()));

        await().until(() -> linkA.redirectsSent() + linkB.redirectsSent() >= 20);
        // Unchecked, a hop takes milliseconds; backing off after five redirects a second makes 20 take seconds.
        assertTrue(System.nanoTime() - startNs > TimeUnit.SECONDS.toNanos(1),
            "20 redirects in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
        assertTrue(listenerA.registrations(65).isEmpty() && listenerB.registrations(65).isEmpty());

        // The nodes agree again: the executor settles.
        listenerB.redirectTo = null;
        await().until(() -> listenerB.registration(65).isPresent());
        await().until(() -> client.isRegistered() && linkB.nodeEndpoint().equals(client.linkedEndpoint()));
    }

    private ExecutorClient startClient(final long instanceId, final Consumer<ExecutorClient.Builder> endpoints)
    {
        final ExecutorClient.Builder builder = ExecutorClient.builder()
            .instanceId(instanceId)
            .aeronDirectoryName(aeronDirs.resolve("executor-" + instanceId).toString())
            .heartbeatIntervalMs(100)
            .slots("work", 2)
            .handler(job ->
            {
                if (job.jobId().equals("long") || job.jobId().equals("survivor"))
                {
                    release.await();
                }
                return JobResult.success();
            });
        endpoints.accept(builder);
        final ExecutorClient client = builder.start();
        clients.add(client);
        return client;
    }

    private static ConditionFactory await()
    {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }
}
