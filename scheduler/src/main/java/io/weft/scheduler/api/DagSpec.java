package io.weft.scheduler.api;

import java.util.List;

/**
 * A DAG as submitted: a name for people, its jobs, what to do when one fails for good, and an optional reference
 * key (the submitter's own id for the work, e.g. a document id) with what to do when it was seen before.
 * Validated into a {@link DagPlan} before it reaches the core.
 */
public record DagSpec(String name, List<JobSpec> jobs, FailurePolicy failurePolicy, String referenceKey, DuplicatePolicy duplicatePolicy)
{
    public DagSpec
    {
        name = name == null ? "" : name;
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        failurePolicy = failurePolicy == null ? FailurePolicy.CONTINUE : failurePolicy;
        referenceKey = referenceKey == null || referenceKey.isBlank() ? null : referenceKey;
        duplicatePolicy = duplicatePolicy == null ? DuplicatePolicy.REJECT : duplicatePolicy;
    }

    public DagSpec(final String name, final List<JobSpec> jobs, final FailurePolicy failurePolicy)
    {
        this(name, jobs, failurePolicy, null, null);
    }

    public DagSpec(final String name, final List<JobSpec> jobs)
    {
        this(name, jobs, FailurePolicy.CONTINUE);
    }
}
