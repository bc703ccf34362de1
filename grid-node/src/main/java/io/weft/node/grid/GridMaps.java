package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/** The grid maps Weft keeps, by name, so that every reader and writer agrees on them. */
public final class GridMaps
{
    public static final String DAGS = "weft.dags";
    public static final String DAG_STATES = "weft.dag-states";
    public static final String JOBS = "weft.jobs";
    public static final String LEASES = "weft.leases";
    public static final String DAG_IDS = "weft.dag-ids";

    final IMap<Long, DagRecord> dags;
    final IMap<Long, DagStateRecord> dagStates;
    final IMap<JobKey, JobRecord> jobs;
    final IMap<JobKey, LeaseRecord> leases;

    public GridMaps(final HazelcastInstance hazelcast)
    {
        dags = hazelcast.getMap(DAGS);
        dagStates = hazelcast.getMap(DAG_STATES);
        jobs = hazelcast.getMap(JOBS);
        leases = hazelcast.getMap(LEASES);
    }
}
