package io.weft.scheduler.api;

/**
 * A job as read back from the grid. Epoch-millisecond timestamps are 0 until the job reaches that point; the
 * executor instance id is 0 until the job is first leased. {@code result} is what the job returned on success,
 * as the executor sent it, or null for none (or one over the node's limit); how to show it is the reader's choice.
 * Like any record component that is an array, it takes part in {@code equals} by reference only.
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
    String error,
    byte[] result)
{
}
