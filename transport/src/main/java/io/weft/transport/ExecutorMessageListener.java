package io.weft.transport;

/**
 * Receives what executors send to a node. Called on the {@link ExecutorLinkAgent}'s thread, so implementations
 * must not block for long (offer to a ring and return) and must not call the agent's send methods, which belong
 * to the scheduler core's thread.
 */
public interface ExecutorMessageListener
{
    /**
     * An instance registered, or registered again (restart or resend). Called only once the node's publication
     * to the instance is connected and the RegisterAck has been sent, so a dispatch may follow at once. A second
     * call for the same instance replaces the first registration.
     */
    void onExecutorRegistered(ExecutorRegistration registration);

    /**
     * Asked just before a registration would be accepted (its reply publication is connected). A non-null
     * answer, the scheduling owner's executor endpoint "host:port", sends the instance there with a RegisterAck
     * REDIRECT instead: the node keeps no link to it and {@link #onExecutorRegistered} is not called. Null (the
     * default) accepts it here.
     */
    default String redirectFor(final ExecutorRegistration registration)
    {
        return null;
    }

    /**
     * Asked first about every registration that would otherwise be accepted or redirected. A non-null answer says
     * why the node will not take it (a class name it cannot store, say): the instance gets a RegisterAck REJECTED
     * with that reason, no link is kept, and {@link #onExecutorRegistered} is not called. Null (the default)
     * lets it through.
     */
    default String refusalFor(final ExecutorRegistration registration)
    {
        return null;
    }

    /**
     * A heartbeat; {@link #onHeartbeatLease} follows once for each lease it lists.
     */
    void onHeartbeat(long instanceId, long sentAtEpochMs, int leaseCount);

    void onStarted(long instanceId, long dagId, int jobIndex, long fencingToken, long startedAtEpochMs);

    /**
     * @param result the job's result bytes, or null when it returned none; a copy the listener may keep.
     */
    void onSucceeded(long instanceId, long dagId, int jobIndex, long fencingToken, long finishedAtEpochMs, byte[] result);

    void onFailed(
        long instanceId,
        long dagId,
        int jobIndex,
        long fencingToken,
        long finishedAtEpochMs,
        boolean retryable,
        String error);

    /**
     * One lease the instance holds, listed in the heartbeat just delivered by {@link #onHeartbeat}; the core
     * renews a lease whose token is current.
     */
    default void onHeartbeatLease(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
    }
}
