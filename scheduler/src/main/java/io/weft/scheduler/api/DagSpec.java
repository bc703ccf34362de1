package io.weft.scheduler.api;

import java.util.List;

/**
 * A DAG as submitted: a name for people and its jobs. Validated into a {@link DagPlan} before it reaches the core.
 */
public record DagSpec(String name, List<JobSpec> jobs)
{
    public DagSpec
    {
        name = name == null ? "" : name;
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
