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
    /** Jobs that failed for good, keyed "dagId/jobIndex". */
    public static final String DEAD_LETTERS = "weft.dead-letters";
    public static final String DAG_IDS = "weft.dag-ids";

    final IMap<Long, DagRecord> dags;
    final IMap<Long, DagRunRecord> dagRuns;
    final IMap<String, DeadLetterRecord> deadLetters;

    public GridMaps(final HazelcastInstance hazelcast)
    {
        dags = hazelcast.getMap(DAGS);
        dagRuns = hazelcast.getMap(DAG_RUNS);
        deadLetters = hazelcast.getMap(DEAD_LETTERS);
    }
}
