package io.weft.scheduler.api;

import java.util.List;

/**
 * A DAG as submitted: a name for people, its jobs and what to do when one fails for good. Validated into a
 * {@link DagPlan} before it reaches the core.
 */
public record DagSpec(String name, List<JobSpec> jobs, FailurePolicy failurePolicy)
{
    public DagSpec
    {
        name = name == null ? "" : name;
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        failurePolicy = failurePolicy == null ? FailurePolicy.CONTINUE : failurePolicy;
    }

    public DagSpec(final String name, final List<JobSpec> jobs)
    {
        this(name, jobs, FailurePolicy.CONTINUE);
    }
}
