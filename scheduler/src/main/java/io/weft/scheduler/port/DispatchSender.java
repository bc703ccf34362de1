package io.weft.scheduler.port;

/**
 * The way out of the core to executor instances. Called only on the core's thread, after the leases involved are
 * durable. Every method is bounded: it returns false on back-pressure or when the instance is unreachable, and the
 * core puts the work back rather than losing it.
 */
public interface DispatchSender
{
    boolean sendDispatch(
        long instanceId,
        long dagId,
        int jobIndex,
        int attempt,
        long fencingToken,
        long deadlineEpochMs,
        String executorClass,
        String jobId,
        byte[] payload);

    boolean sendCancel(long instanceId, long dagId, int jobIndex, long fencingToken);

    /** The instance is gone; release whatever link resources it held. */
    void forget(long instanceId);
}
