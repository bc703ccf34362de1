package io.weft.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.weft.node.grid.GridMaps;
import io.weft.node.grid.OwnerEpochRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The nodes of the cluster and who owns the scheduler, as the grid says. Each node publishes its own address under
 * its member uuid; an entry of a member that is gone is ignored rather than trusted (it may be removed late).
 */
public final class NodeDirectoryStore
{
    private final HazelcastInstance hazelcast;
    private final IMap<String, String> nodes;
    private final IMap<String, OwnerEpochRecord> owner;

    public NodeDirectoryStore(final HazelcastInstance hazelcast, final GridMaps maps)
    {
        this.hazelcast = hazelcast;
        this.nodes = maps.nodes;
        this.owner = maps.owner;
    }

    public void publish(final NodeAddress self)
    {
        nodes.set(localUuid(), self.encode());
    }

    public void withdraw()
    {
        nodes.delete(localUuid());
    }

    String localUuid()
    {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** The owner record as the grid holds it, or null before anyone has claimed. */
    public OwnerEpochRecord ownerRecord()
    {
        return owner.get(GridMaps.OWNER_KEY);
    }

    /** The current owner's address when it is a live member that has published one; null otherwise. */
    public NodeAddress ownerAddress()
    {
        final OwnerEpochRecord record = ownerRecord();
        if (record == null || !liveUuids().contains(record.memberUuid()))
        {
            return null;
        }
        final String encoded = nodes.get(record.memberUuid());
        return encoded == null ? null : NodeAddress.decode(encoded);
    }

    /** Every live node's address, this one included. */
    public List<NodeAddress> liveNodes()
    {
        return new ArrayList<>(liveNodesByMember().values());
    }

    /**
     * Every live node's address by its member uuid, this one included. Read by key: the ownership agent asks several
     * times a second, and a scan of the map would put an operation on every partition thread, in the journal's way.
     */
    public Map<String, NodeAddress> liveNodesByMember()
    {
        final Map<String, NodeAddress> addresses = new java.util.HashMap<>();
        for (final Map.Entry<String, String> entry : nodes.getAll(liveUuids()).entrySet())
        {
            final NodeAddress address = entry.getValue() == null ? null : NodeAddress.decode(entry.getValue());
            if (address != null)
            {
                addresses.put(entry.getKey(), address);
            }
        }
        return addresses;
    }

    /** True when the member of this uuid is in the cluster as this member sees it. */
    public boolean isLive(final String memberUuid)
    {
        return liveUuids().contains(memberUuid);
    }

    private Set<String> liveUuids()
    {
        return hazelcast.getCluster().getMembers().stream().map(Member::getUuid).map(Object::toString).collect(Collectors.toSet());
    }
}
