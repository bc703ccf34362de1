package io.weft.scheduler.api;

import java.util.List;

/** A DAG and its jobs as read back from the grid. */
public record DagView(
    long dagId,
    String name,
    DagState state,
    long submittedAtEpochMs,
    long finishedAtEpochMs,
    List<JobView> jobs,
    String submittedBy)
{
    public DagView(
        final long dagId, final String name, final DagState state, final long submittedAtEpochMs, final long finishedAtEpochMs,
        final List<JobView> jobs)
    {
        this(dagId, name, state, submittedAtEpochMs, finishedAtEpochMs, jobs, null);
    }
}
