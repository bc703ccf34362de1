package io.weft.transport.executor;

/**
 * Runs one job on an executor's worker thread. A thrown exception becomes a retryable failure carrying the
 * exception's message; return {@link JobResult#failure(boolean, String)} to choose retryability. A job that is
 * cancelled has its thread interrupted.
 */
@FunctionalInterface
public interface JobHandler
{
    JobResult handle(JobContext job) throws Exception;
}
