package io.weft.node.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;

/**
 * Builds the node's embedded Hazelcast member: TCP-IP join on the listed members (no multicast, no phone-home),
 * Weft's serializers, and the map settings the journal relies on. Alone by default; list peers to form a cluster.
 */
public final class GridMemberFactory
{
    private GridMemberFactory()
    {
    }

    /** How a member finds and judges its peers; {@link #lone()} suits a single node and tests of one. */
    public record Membership(int expectedMembers, int heartbeatIntervalMs, int maxSilenceMs, int mergeDelayMs)
    {
        public static Membership lone()
        {
            return new Membership(1, 1_000, 2_000, 5_000);
        }

        /** Members a side of a split needs before it may write to the maps that carry leases. */
        public int quorum()
        {
            return expectedMembers / 2 + 1;
        }
    }

    public static final int DEFAULT_EVENT_CAPACITY = 100_000;
    static final String LEASE_QUORUM = "weft-lease-quorum";

    public static HazelcastInstance start(final String clusterName, final String bindHost, final int port, final List<String> members)
    {
        return start(clusterName, bindHost, port, members, Membership.lone());
    }

    public static HazelcastInstance start(
        final String clusterName, final String bindHost, final int port, final List<String> members, final Membership membership)
    {
        return start(clusterName, bindHost, port, members, membership, DEFAULT_EVENT_CAPACITY);
    }

    /** {@code eventCapacity}: how many events the cluster's event buffer holds before it overwrites the oldest. */
    public static HazelcastInstance start(
        final String clusterName, final String bindHost, final int port, final List<String> members, final Membership membership,
        final int eventCapacity)
    {
        final Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-" + Long.toHexString(System.nanoTime()));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A lone member should not wait for others that may never come.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        // Failure detection decides how soon a dead node's work is taken over: the default (60 s of silence) is
        // far too slow for a scheduler, and a shorter one risks declaring a member that is merely slow dead.
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(seconds(membership.heartbeatIntervalMs())));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(seconds(membership.maxSilenceMs())));
        // A member cut off (a freeze, a partition) merges back soon after it can see the others again, rather than
        // after the default five minutes as a cluster of one.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(seconds(membership.mergeDelayMs())));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(seconds(membership.mergeDelayMs())));

        final NetworkConfig network = config.getNetworkConfig();
        network.setPort(port);
        network.setPortAutoIncrement(port != 0);
        network.getInterfaces().setEnabled(true).addInterface(bindHost);
        network.setPublicAddress(null);
        final JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(bindHost) : members);

        config.getSerializationConfig().addDataSerializableFactory(GridSerializerFactory.FACTORY_ID, new GridSerializerFactory());

        // A side of a split with fewer than a quorum of the expected members may not write what carries leases or
        // ownership; until it notices the split (the failure detector's window) the fences in the records hold.
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(LEASE_QUORUM, true, membership.quorum())
            .setProtectOn(SplitBrainProtectionOn.WRITE));
        config.addMapConfig(new MapConfig(GridMaps.DAGS).setBackupCount(1).setStatisticsEnabled(false)
            .setSplitBrainProtectionName(LEASE_QUORUM));
        // Object form: a batch's job changes are applied in place instead of re-serializing the DAG's whole record.
        config.addMapConfig(new MapConfig(GridMaps.DAG_RUNS).setBackupCount(1).setStatisticsEnabled(false)
            .setInMemoryFormat(InMemoryFormat.OBJECT).setSplitBrainProtectionName(LEASE_QUORUM));
        // Listings ask every member's JobIndex; two threads each are plenty for an operator's calls.
        config.getExecutorConfig(GridMaps.LISTINGS).setPoolSize(2).setStatisticsEnabled(false);
        config.addMapConfig(new MapConfig(GridMaps.OWNER).setBackupCount(1).setSplitBrainProtectionName(LEASE_QUORUM));
        config.addMapConfig(new MapConfig(GridMaps.PAUSES).setBackupCount(1).setSplitBrainProtectionName(LEASE_QUORUM));
        config.addMapConfig(new MapConfig(GridMaps.REFERENCES).setBackupCount(1).setStatisticsEnabled(false));
        config.addMapConfig(new MapConfig(GridMaps.DESIRED_DEPLOYMENTS).setBackupCount(1));
        config.addRingBufferConfig(new RingbufferConfig(GridMaps.EVENTS).setCapacity(eventCapacity).setBackupCount(1)
            .setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.BINARY));
        System.setProperty("hazelcast.logging.type", "slf4j");
        new JobIndex().listenTo(config);
        return Hazelcast.newHazelcastInstance(config);
    }

    private static int seconds(final int ms)
    {
        return Math.max(1, (ms + 999) / 1000);
    }
}
