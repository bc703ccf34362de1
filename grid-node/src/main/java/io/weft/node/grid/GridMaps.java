package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/** The grid maps the scheduler keeps, by name, so that every reader and writer agrees on them. */
public final class GridMaps
{
    /** DAG definitions (jobs, payloads, edges): written once, before the submission is acknowledged. */
    public static final String DAGS = "weft.dags";
    /** Live DAG state, job states and leases, one {@link DagRunRecord} per DAG, updated by entry processor. */
    public static final String DAG_RUNS = "weft.dag-runs";
    public static final String DAG_IDS = "weft.dag-ids";

    final IMap<Long, DagRecord> dags;
    final IMap<Long, DagRunRecord> dagRuns;

    public GridMaps(final HazelcastInstance hazelcast)
    {
        dags = hazelcast.getMap(DAGS);
        dagRuns = hazelcast.getMap(DAG_RUNS);
    }
}
