package io.weft.scheduler.api;

/**
 * A job as read back from the grid. Epoch-millisecond timestamps are 0 until the job reaches that point; the
 * executor instance id is 0 until the job is first leased.
 */
public record JobView(
    String id,
    String executorClass,
    int priority,
    JobState state,
    int attempts,
    long executorInstanceId,
    long fencingToken,
    long readyAtEpochMs,
    long dispatchedAtEpochMs,
    long startedAtEpochMs,
    long finishedAtEpochMs,
    String error)
{
}
