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
    /** The executor that carries a listing's {@link JobIndexQuery} to every member. */
    public static final String LISTINGS = "weft.listings";
    /** The scheduler's owner and epoch, under {@link #OWNER_KEY}; its partition's owner member runs the scheduler. */
    public static final String OWNER = "weft.owner";
    public static final String OWNER_KEY = "scheduler";
    /** Paused executor classes, and {@link #WHOLE_SCHEDULER} for everything; cluster-wide, kept across restarts. */
    public static final String PAUSES = "weft.pauses";
    public static final String WHOLE_SCHEDULER = "*";
    /** Reference key to the latest DAG submitted under it, for idempotent submission across the cluster. */
    public static final String REFERENCES = "weft.references";
    /** Member uuid to "nodeId|restBaseUrl|executorEndpoint", so any node can name and reach the owner. */
    public static final String NODES = "weft.nodes";
    /** Executor instance id to the reply channel it registered, so a new owner can ask each to come over at once. */
    public static final String EXECUTORS = "weft.executors";
    /** The cluster's event stream: a bounded ringbuffer, the oldest events overwritten first. */
    public static final String EVENTS = "weft.events";
    /** Executor instances an operator drained, by instance id: a new owner drains them again. */
    public static final String DRAINED = "weft.drained";
    /** Desired state per executor deployment, by deployment name: JSON text (see DesiredDeploymentStore). */
    public static final String DESIRED_DEPLOYMENTS = "weft.desired-deployments";
    /** Control plane: listener token hashes by gateway id, what each listener last reported, each group's pause intent. */
    public static final String HYBRID_LISTENER_TOKENS = "weft.hybrid.listener-tokens";
    public static final String HYBRID_REPORTS = "weft.hybrid.reports";
    public static final String HYBRID_SCHEDULER_INTENT = "weft.hybrid.scheduler-intent";
    /** Data plane: the intent revision it last applied and the desired states that came from its control plane. */
    public static final String HYBRID_APPLIED = "weft.hybrid.applied";

    final IMap<Long, DagRecord> dags;
    final IMap<Long, DagRunRecord> dagRuns;
    final IMap<String, DeadLetterRecord> deadLetters;
    final com.hazelcast.core.IExecutorService listings;
    public final IMap<String, OwnerEpochRecord> owner;
    public final IMap<String, Boolean> pauses;
    public final IMap<String, Long> references;
    public final IMap<String, String> nodes;
    public final IMap<Long, String> executors;
    public final IMap<Long, Boolean> drained;
    /** Where a key lives: the journal groups a batch's writes by it. */
    final com.hazelcast.partition.PartitionService partitions;

    public GridMaps(final HazelcastInstance hazelcast)
    {
        dags = hazelcast.getMap(DAGS);
        dagRuns = hazelcast.getMap(DAG_RUNS);
        deadLetters = hazelcast.getMap(DEAD_LETTERS);
        listings = hazelcast.getExecutorService(LISTINGS);
        owner = hazelcast.getMap(OWNER);
        pauses = hazelcast.getMap(PAUSES);
        references = hazelcast.getMap(REFERENCES);
        nodes = hazelcast.getMap(NODES);
        executors = hazelcast.getMap(EXECUTORS);
        drained = hazelcast.getMap(DRAINED);
        partitions = hazelcast.getPartitionService();
    }
}
