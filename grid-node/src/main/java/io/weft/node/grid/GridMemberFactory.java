package io.weft.node.grid;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
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

    public static HazelcastInstance start(final String clusterName, final String bindHost, final int port, final List<String> members)
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

        config.addMapConfig(new MapConfig(GridMaps.DAGS).setBackupCount(1).setStatisticsEnabled(false));
        // Object form: a batch's job changes are applied in place instead of re-serializing the DAG's whole record.
        config.addMapConfig(new MapConfig(GridMaps.DAG_RUNS).setBackupCount(1).setStatisticsEnabled(false)
            .setInMemoryFormat(InMemoryFormat.OBJECT));
        System.setProperty("hazelcast.logging.type", "slf4j");
        return Hazelcast.newHazelcastInstance(config);
    }
}
