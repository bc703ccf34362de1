package io.weft.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.weft.codecs.BooleanType;
import io.weft.codecs.OwnerProtocolDecoder;
import io.weft.codecs.OwnerProtocolEncoder;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.port.OwnerMessage;
import io.weft.scheduler.port.OwnerPeers;
import io.weft.transport.PeerLinkAgent;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The cluster's ownership as one node's core needs it, and the Aeron links to the other nodes. A DAG is owned by the
 * node that owns its grid partition; the executor classes by the node that holds the grid's owner record (the class
 * owner). Nodes are named by a number derived from their grid member uuid, so every node names every other the
 * same way without asking anyone.
 *
 * <p>Threading: the ownership answers and {@link #send} are called on the core's thread; {@link #refresh} on the
 * ownership agent's; {@link #onOwnerMessage} on the peer link's, where a message for the class side gets its DAG's
 * plan (from a small cache, else one grid read on that thread, never the core's) before it is handed to the core.
 */
public final class GridOwnerPeers implements OwnerPeers, PeerLinkAgent.Listener
{
    private static final Logger LOG = LoggerFactory.getLogger(GridOwnerPeers.class);
    private static final int PLAN_CACHE_SIZE = 4_096;

    private final HazelcastInstance hazelcast;
    private final NodeDirectoryStore directory;
    private final LongFunction<DagPlan> planReader;
    private final Consumer<OwnerMessage> core;
    /** This node's number, from its member uuid, which a grid merge changes (a member that rejoins gets a new one). */
    private volatile int self;
    private final ConcurrentLinkedQueue<Integer> flaggedLost = new ConcurrentLinkedQueue<>();
    private final AtomicLong unknownPlans = new AtomicLong();
    private final Map<Long, DagPlan> plans = new LinkedHashMap<>(256, 0.75f, true)
    {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, DagPlan> eldest)
        {
            return size() > PLAN_CACHE_SIZE;
        }
    };
    private PeerLinkAgent link;
    /** What slower peers could not take yet; a broken link still reports a loss (see {@link PeerOutbox}). */
    private final PeerOutbox outbox = new PeerOutbox(flaggedLost::add);
    /** Offers one message on {@link #link}; made with it. */
    private PeerOutbox.Link offer;
    private volatile Table table = new Table(new Int2ObjectHashMap<>(), new LinkedHashMap<>(), Map.of(), -1, true);

    /** Who is who, as of the last {@link #refresh}: replaced whole, read without locks. */
    private record Table(
        Int2ObjectHashMap<String> endpoints, Map<String, Integer> byMember, Map<String, NodeAddress> addresses, int classOwner, boolean alone)
    {
    }

    /** The address of the node of this grid member, as of the last refresh; null when unknown. Any thread. */
    public NodeAddress address(final String memberUuid)
    {
        return table.addresses.get(memberUuid);
    }

    /**
     * @param planReader reads a DAG's plan from the grid (null when the grid has none)
     * @param core       hands a message from another node to this node's scheduler
     */
    public GridOwnerPeers(
        final HazelcastInstance hazelcast, final NodeDirectoryStore directory, final LongFunction<DagPlan> planReader,
        final Consumer<OwnerMessage> core)
    {
        this.hazelcast = hazelcast;
        this.directory = directory;
        this.planReader = planReader;
        this.core = core;
        this.self = peerId(hazelcast.getCluster().getLocalMember().getUuid().toString());
    }

    /** The number every node uses for the node of this grid member. */
    public static int peerId(final String memberUuid)
    {
        return memberUuid.hashCode() & 0x7fff_ffff;
    }

    /** Joins the link the messages go out on; before this, sends are lost (and reported so). */
    public void link(final PeerLinkAgent link)
    {
        this.offer = (endpoint, message) -> link.trySend(endpoint, e -> encode(message, e));
        this.link = link;
    }

    /**
     * Reads the directory and the owner record again: the live nodes, their peer endpoints, and which one is the class
     * owner. A new class owner is reported as a loss, so this node's DAG side sends it what is true now.
     */
    public void refresh()
    {
        final int now = peerId(hazelcast.getCluster().getLocalMember().getUuid().toString());
        if (now != self)
        {
            LOG.info("this node's grid member changed (it merged back): node number {} -> {}", self, now);
            self = now;
        }
        final Int2ObjectHashMap<String> endpoints = new Int2ObjectHashMap<>();
        final Map<String, Integer> byMember = new LinkedHashMap<>();
        final Map<String, NodeAddress> addresses = directory.liveNodesByMember();
        for (final Map.Entry<String, NodeAddress> node : addresses.entrySet())
        {
            final int id = peerId(node.getKey());
            if (endpoints.containsKey(id))
            {
                LOG.error("two grid members map to node number {}: messages between them will go astray", id);
            }
            byMember.put(node.getKey(), id);
            if (node.getValue().peerEndpoint() != null)
            {
                endpoints.put(id, node.getValue().peerEndpoint());
            }
        }
        final var record = directory.ownerRecord();
        final int classOwner = record == null || !byMember.containsKey(record.memberUuid()) ? -1 : peerId(record.memberUuid());
        final int previous = table.classOwner;
        final boolean alone = byMember.isEmpty() || byMember.size() == 1 && byMember.containsValue(self);
        table = new Table(endpoints, byMember, Map.copyOf(addresses), classOwner, alone);
        final PeerLinkAgent current = link;
        if (current != null)
        {
            current.alone(alone);
        }
        if (classOwner != previous && classOwner >= 0 && classOwner != self)
        {
            flaggedLost.add(classOwner);
        }
    }

    @Override
    public int self()
    {
        return self;
    }

    @Override
    public int dagOwner(final long dagId)
    {
        final Member owner = hazelcast.getPartitionService().getPartition(dagId).getOwner();
        if (owner == null)
        {
            return self;
        }
        final Integer id = table.byMember.get(owner.getUuid().toString());
        return id == null ? self : id;
    }

    @Override
    public int classOwner(final String executorClass)
    {
        final int owner = table.classOwner;
        return owner < 0 ? self : owner;
    }

    @Override
    public boolean alone()
    {
        return table.alone;
    }

    @Override
    public int[] others()
    {
        final IntArrayList ids = new IntArrayList();
        for (final int id : table.byMember.values())
        {
            if (id != self)
            {
                ids.addInt(id);
            }
        }
        return ids.toIntArray();
    }

    @Override
    public int[] lostPeers()
    {
        final PeerLinkAgent current = link;
        if (current != null && current.lostMessages())
        {
            outbox.dropAll();
            return others(); // the link cannot say with whom: every peer resends
        }
        if (flaggedLost.isEmpty())
        {
            return NONE;
        }
        final IntArrayList ids = new IntArrayList();
        Integer id;
        while ((id = flaggedLost.poll()) != null)
        {
            ids.addInt(id);
            outbox.drop(id);
        }
        return ids.toIntArray();
    }

    @Override
    public void send(final int node, final OwnerMessage m)
    {
        final String endpoint = table.endpoints.get(node);
        final PeerLinkAgent current = link;
        if (endpoint == null || current == null)
        {
            flaggedLost.add(node);
            return;
        }
        outbox.send(node, endpoint, offer, m);
    }

    @Override
    public void retryBackPressured()
    {
        final PeerLinkAgent current = link;
        if (current != null)
        {
            outbox.retry(node -> table.endpoints.get(node), offer);
        }
    }

    /** Messages waiting for back-pressured peers. */
    public int backlogged()
    {
        return outbox.queued();
    }

    private static void encode(final OwnerMessage m, final OwnerProtocolEncoder e)
    {
        e.kind((short)m.type)
            .senderNode(m.sourceNode)
            .dagId(m.dagId)
            .jobIndex(m.jobIndex)
            .requestId(m.requestId)
            .fencingToken(m.token)
            .attempt(m.attempt)
            .instanceId(m.instanceId)
            .timeEpochMs(m.timeEpochMs)
            .endedToken(m.endedToken)
            .endedInstanceId(m.endedInstanceId)
            .version(m.version)
            .retryable(m.retryable ? BooleanType.TRUE : BooleanType.FALSE)
            .submittedAtEpochMs(m.submittedAtEpochMs)
            .senderEpoch(m.senderEpoch)
            .notHeld(m.notHeld ? BooleanType.TRUE : BooleanType.FALSE)
            .text(m.text == null ? "" : m.text);
        final byte[] result = m.result == null ? new byte[0] : m.result;
        e.putResult(result, 0, result.length);
    }

    @Override
    public void onOwnerMessage(final OwnerProtocolDecoder d)
    {
        final OwnerMessage m = new OwnerMessage((byte)d.kind(), d.dagId(), d.jobIndex());
        m.sourceNode = d.senderNode();
        m.requestId = d.requestId();
        m.token = d.fencingToken();
        m.attempt = d.attempt();
        m.instanceId = d.instanceId();
        m.timeEpochMs = d.timeEpochMs();
        m.endedToken = d.endedToken();
        m.endedInstanceId = d.endedInstanceId();
        m.version = d.version();
        m.retryable = d.retryable() == BooleanType.TRUE;
        m.submittedAtEpochMs = d.submittedAtEpochMs();
        m.senderEpoch = d.senderEpoch();
        m.notHeld = d.notHeld() == BooleanType.TRUE;
        final String text = d.text();
        m.text = text.isEmpty() ? null : text;
        final int resultLength = d.resultLength();
        if (resultLength > 0)
        {
            m.result = new byte[resultLength];
            d.getResult(m.result, 0, resultLength);
        }
        if (m.toClassSide() && m.dagId != 0)
        {
            m.plan = plan(m.dagId);
        }
        core.accept(m);
    }

    private DagPlan plan(final long dagId)
    {
        DagPlan plan = plans.get(dagId);
        if (plan == null)
        {
            plan = planReader.apply(dagId);
            if (plan == null)
            {
                unknownPlans.incrementAndGet();
                return null;
            }
            plans.put(dagId, plan);
        }
        return plan;
    }

    /** Class side messages about a DAG whose plan the grid did not have (yet). */
    public long unknownPlans()
    {
        return unknownPlans.get();
    }
}
