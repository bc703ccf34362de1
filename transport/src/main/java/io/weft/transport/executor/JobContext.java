package io.weft.transport.executor;

/**
 * One dispatched job attempt as a handler sees it.
 *
 * @param dagId           cluster-unique DAG id.
 * @param jobIndex        the job's position in its DAG.
 * @param jobId           the job's id within its DAG.
 * @param executorClass   the slot class it was dispatched to.
 * @param attempt         attempt number, 1 for the first.
 * @param fencingToken    the lease's token; every callback for this attempt carries it.
 * @param deadlineEpochMs 0 when the job has no deadline.
 * @param payload         the job's input bytes; owned by the handler.
 */
public record JobContext(
    long dagId,
    int jobIndex,
    String jobId,
    String executorClass,
    int attempt,
    long fencingToken,
    long deadlineEpochMs,
    byte[] payload)
{
    public boolean hasDeadline()
    {
        return deadlineEpochMs > 0;
    }
}
