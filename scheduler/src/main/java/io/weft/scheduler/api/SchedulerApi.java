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
}
