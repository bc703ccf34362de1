package io.weft.scheduler.api;

import java.util.List;

/** A DAG and its jobs as read back from the grid. */
public record DagView(
    long dagId,
    String name,
    DagState state,
    long submittedAtEpochMs,
    long finishedAtEpochMs,
    List<JobView> jobs)
{
}
