package io.weft.scheduler.api;

import java.util.List;
import java.util.Optional;

/**
 * What the outside (the REST bridge, the load generator) may ask of a node's scheduler. Submissions go through the
 * ring; reads come from the grid and from views the core publishes, never from the core's own state.
 */
public interface SchedulerApi
{
    /** Validates a submission off the core; throws {@link DagValidationException} on bad input. */
    DagPlan validate(DagSpec spec);

    /**
     * Offers a validated DAG to the ring without blocking. Returns the DAG id it will have, or -1 when the ring is
     * full and the caller should answer "try again later". The callback learns when the DAG is durable.
     */
    long trySubmit(DagPlan plan, SubmissionCallback callback);

    Optional<DagView> findDag(long dagId);

    List<ExecutorView> executors();

    /**
     * Stops new dispatches for one executor class, or for the whole scheduler when {@code executorClass} is null.
     * Running jobs finish. Returns false when the ring is full and the caller should retry later.
     */
    boolean pause(String executorClass);

    /** Undoes {@link #pause(String)}; returns false when the ring is full. */
    boolean resume(String executorClass);

    /** What is paused right now, as the core last published it. */
    PauseState pauseState();

    /**
     * Cancels a whole DAG ({@code jobId} null) or one job and what depends on it. Queued jobs end at once; running
     * ones are asked to stop and end when their executor confirms or their lease expires. May read the grid.
     */
    CancelOutcome cancel(long dagId, String jobId);

    /**
     * Pauses one DAG: none of its jobs is dispatched until it is resumed (running ones finish), while other DAGs
     * go on. Resuming puts its ready jobs back where they stood in their queues. May read the grid.
     */
    CancelOutcome pauseDag(long dagId, boolean pause);

    /** Jobs filtered by state and executor class (either may be null), ordered by DAG id then position. */
    JobPage listJobs(JobState state, String executorClass, int offset, int limit);

    /** Jobs that failed for good, newest first. */
    JobPage deadLetters(int offset, int limit);

    /** As {@link #listJobs(JobState, String, int, int)}, only of the DAGs {@code submittedBy} submitted (null: all). */
    default JobPage listJobs(final JobState state, final String executorClass, final String submittedBy, final int offset, final int limit)
    {
        if (submittedBy != null)
        {
            throw new UnsupportedOperationException("this API cannot list one principal's jobs");
        }
        return listJobs(state, executorClass, offset, limit);
    }

    /** As {@link #deadLetters(int, int)}, only of the DAGs {@code submittedBy} submitted (null: all). */
    default JobPage deadLetters(final String submittedBy, final int offset, final int limit)
    {
        if (submittedBy != null)
        {
            throw new UnsupportedOperationException("this API cannot list one principal's dead letters");
        }
        return deadLetters(offset, limit);
    }

    /** This node's view of the cluster: never forwarded, so each node can be asked about itself. */
    default ClusterView cluster()
    {
        return ClusterView.lone("node");
    }

    /** What an accepted DAG survives with the grid as it is now. */
    default Durability durability()
    {
        return Durability.ofMembers(1);
    }

    /** Counters, gauges and stage latencies of this node. */
    default MetricsSnapshot metrics()
    {
        return new MetricsSnapshot(java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
    }
}
