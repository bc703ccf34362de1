package io.weft.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.weft.node.grid.ClaimOwnershipProcessor;
import io.weft.node.grid.DagRecord;
import io.weft.node.grid.GridMaps;
import io.weft.node.grid.GridMemberFactory;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.port.OwnerMessage;
import io.weft.transport.EmbeddedMediaDriver;
import io.weft.transport.PeerLinkAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two grid members in one JVM, each with its own media driver and peer link: both agree who owns each DAG (the
 * owner of its partition) and the classes (the holder of the owner record), and a message for a DAG's owner arrives
 * there over UDP with the DAG's plan read from the grid.
 */
class GridOwnerPeersTest
{
    private static final List<AutoCloseable> CLOSE = new ArrayList<>();
    private static HazelcastInstance gridA;
    private static HazelcastInstance gridB;
    private static GridOwnerPeers a;
    private static GridOwnerPeers b;
    private static final List<OwnerMessage> atA = new CopyOnWriteArrayList<>();
    private static final List<OwnerMessage> atB = new CopyOnWriteArrayList<>();
    /** While closed, B's peer link thread stops in its listener and reads nothing more: a peer slower than its sender. */
    private static volatile CountDownLatch holdB = new CountDownLatch(0);

    @BeforeAll
    static void start()
    {
        final String cluster = "weft-peers-" + UUID.randomUUID();
        gridA = GridMemberFactory.start(cluster, "127.0.0.1", 0, List.of());
        final var addressA = gridA.getCluster().getLocalMember().getAddress();
        gridB = GridMemberFactory.start(cluster, "127.0.0.1", 0, List.of(addressA.getHost() + ":" + addressA.getPort()));
        CLOSE.add(gridB::shutdown);
        CLOSE.add(gridA::shutdown);
        await().atMost(Duration.ofSeconds(30)).until(() -> gridA.getCluster().getMembers().size() == 2);
        a = node(gridA, "a", atA);
        b = node(gridB, "b", atB);
        a.refresh();
        b.refresh();
    }

    private static GridOwnerPeers node(final HazelcastInstance grid, final String nodeId, final List<OwnerMessage> inbox)
    {
        final EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch();
        CLOSE.add(0, driver);
        final GridMaps maps = new GridMaps(grid);
        final NodeDirectoryStore directory = new NodeDirectoryStore(grid, maps);
        final IMap<Long, DagRecord> dags = grid.getMap(GridMaps.DAGS);
        final DagValidator validator = new DagValidator();
        final GridOwnerPeers peers = new GridOwnerPeers(grid, directory, dagId -> {
            final DagRecord record = dags.get(dagId);
            return record == null ? null : record.toPlan(validator);
        }, m -> {
            if (inbox == atB)
            {
                awaitQuietly(holdB);
            }
            inbox.add(m);
        });
        final PeerLinkAgent link = PeerLinkAgent.start(driver.aeron(), "127.0.0.1:0", nodeId, peers);
        CLOSE.add(0, link);
        peers.link(link);
        directory.publish(new NodeAddress(nodeId, "http://" + nodeId, "127.0.0.1:1", link.endpoint()));
        return peers;
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void stop() throws Exception
    {
        for (final AutoCloseable closeable : CLOSE)
        {
            closeable.close();
        }
    }

    private static long dagOwnedBy(final GridOwnerPeers owner, final long from)
    {
        for (long dagId = from; ; dagId++)
        {
            if (a.dagOwner(dagId) == owner.self())
            {
                return dagId;
            }
        }
    }

    @Test
    void bothNodesNameTheSameOwnerForEveryDagAndEachOwnsSome()
    {
        int ownedByA = 0;
        for (long dagId = 1; dagId <= 1_000; dagId++)
        {
            assertEquals(a.dagOwner(dagId), b.dagOwner(dagId), "owner of DAG " + dagId);
            ownedByA += a.dagOwner(dagId) == a.self() ? 1 : 0;
        }
        assertTrue(ownedByA > 200 && ownedByA < 800, "the partitions are shared: A owns " + ownedByA + " of 1000");
        assertArrayEquals(new int[] {b.self()}, a.others());
        assertArrayEquals(new int[] {a.self()}, b.others());
    }

    @Test
    void aMessageForADagReachesItsOwnerWithThePlanFromTheGrid()
    {
        final long dagId = dagOwnedBy(b, 10_000);
        final var plan = new DagValidator().validate(new DagSpec("peers", List.of(
            new JobSpec("x", "ocr", 0, null, List.of(), RetryPolicy.DEFAULT, 0, 0, 0))));
        gridA.<Long, DagRecord>getMap(GridMaps.DAGS).set(dagId, DagRecord.of(dagId, 42, plan));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            final OwnerMessage m = new OwnerMessage(OwnerMessage.JOB_READY, dagId, 0);
            m.sourceNode = a.self();
            m.senderEpoch = 7;
            m.timeEpochMs = 99;
            m.text = "why";
            a.send(a.dagOwner(dagId), m);
            return !atB.isEmpty();
        });
        final OwnerMessage received = atB.get(0);
        assertEquals(dagId, received.dagId);
        assertEquals(a.self(), received.sourceNode);
        assertEquals(7, received.senderEpoch);
        assertEquals(99, received.timeEpochMs);
        assertEquals("why", received.text);
        assertNotNull(received.plan, "the receiver read the plan from the grid");
        assertEquals("ocr", received.plan.executorClass(0));
    }

    @Test
    void aSlowPeerIsSentEverythingInOrderOnceItReadsAgainAndNothingCountsAsLost()
    {
        final long dagId = dagOwnedBy(b, 20_000);
        final var plan = new DagValidator().validate(new DagSpec("slow", List.of(
            new JobSpec("x", "ocr", 0, null, List.of(), RetryPolicy.DEFAULT, 0, 0, 0))));
        gridA.<Long, DagRecord>getMap(GridMaps.DAGS).set(dagId, DagRecord.of(dagId, 42, plan));
        a.lostPeers();
        holdB = new CountDownLatch(1);
        final AtomicInteger sent = new AtomicInteger();
        try
        {
            while (a.backlogged() == 0 && sent.get() < 5_000_000)
            {
                a.send(b.self(), numbered(dagId, sent.getAndIncrement()));
            }
            assertTrue(a.backlogged() > 0, "B's window filled after " + sent.get() + " messages");
            for (int i = 0; i < 100; i++)
            {
                a.send(b.self(), numbered(dagId, sent.getAndIncrement()));
            }
            assertEquals(0, a.lostPeers().length, "a slow peer is not a lost one: no resync");
        }
        finally
        {
            holdB.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            a.retryBackPressured();
            return a.backlogged() == 0;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> atB.stream().filter(m -> m.dagId == dagId).count() == sent.get());
        final List<OwnerMessage> mine = atB.stream().filter(m -> m.dagId == dagId).toList();
        for (int i = 0; i < mine.size(); i++)
        {
            assertEquals(i, mine.get(i).timeEpochMs, "every message once, in the order sent");
        }
        assertEquals(0, a.lostPeers().length);
    }

    private static OwnerMessage numbered(final long dagId, final int sequence)
    {
        final OwnerMessage m = new OwnerMessage(OwnerMessage.JOB_READY, dagId, 0);
        m.sourceNode = a.self();
        m.senderEpoch = 7;
        m.timeEpochMs = sequence;
        m.text = "";
        return m;
    }

    @Test
    void theHolderOfTheOwnerRecordOwnsTheClassesAndANewOneIsReportedOnce()
    {
        final GridMaps maps = new GridMaps(gridB);
        final String uuidB = gridB.getCluster().getLocalMember().getUuid().toString();
        final long current = maps.owner.get(GridMaps.OWNER_KEY) == null ? 0 : maps.owner.get(GridMaps.OWNER_KEY).epoch();
        maps.owner.executeOnKey(GridMaps.OWNER_KEY, new ClaimOwnershipProcessor("b", uuidB, 1, current));
        a.lostPeers();
        a.refresh();
        b.refresh();
        assertEquals(b.self(), a.classOwner("ocr"));
        assertEquals(b.self(), b.classOwner("llm"));
        assertTrue(Arrays.stream(a.lostPeers()).anyMatch(id -> id == b.self()), "A's DAG side must resend to the new class owner");
        assertEquals(0, a.lostPeers().length, "reported once");
    }
}
