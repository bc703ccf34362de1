package io.weft.scheduler.core;

/**
 * Every call between a DAG's owner and a class's owner, and nothing else: the seam along which a partitioned
 * cluster will cut the core in two (docs/architecture.md, "Decision record: one scheduling owner per cluster").
 *
 * <p>The DAG side ({@link DagOwner}, {@link FencedLeaseIssuer}) holds a job's state, its leases and their tokens,
 * and decides what an outcome means. The class side ({@link ClassOwner}, {@link ClassDispatcher}) holds each
 * class's frontier and slot ledger, picks what runs, and talks to the executors. Each method is one message of the
 * protocol they will exchange across nodes, named for it; in one core the link is a direct call within the batch
 * ({@link LocalOwnerLink}), so the seam costs nothing on the hot path.
 *
 * <p>Every handler is idempotent and checked against the lease it names (a request id, a token), so a message that
 * arrives twice or late changes nothing; {@code SimulationTest} runs the simulation with every message delivered twice. The
 * DAG side names a DAG by its {@link DagRun} and the class side by its {@link ClassRun}, each side's own record;
 * in one core the link goes from one to the other directly, across nodes it would look the DAG id up. What a
 * message must carry between nodes is in each method's comment.
 */
interface OwnerLink
{
    // ------------------------------------------------------------------ DAG side to class side

    /**
     * JobReady (DAG id, job, class, rank inputs, ready time, last lease): the job joins its class's frontier, once.
     * {@code endedToken} and {@code endedInstanceId} name the job's last lease (token 0: none), which is over by
     * now: a slot still held for it is released, so a JobReady that overtakes its LeaseEnded is neither ignored as
     * a repeat nor leaves the slot taken.
     */
    void jobReady(DagRun run, int jobIndex, long readyAtEpochMs, long endedToken, long endedInstanceId);

    /** DagFinished (DAG id): every job of the DAG is terminal; the class side forgets it. */
    void dagFinished(DagRun run);

    /** Withdraw (DAG id, job): the job stopped being ready (cancelled, expired) before it was leased. */
    void withdraw(DagRun run, int jobIndex);

    /**
     * DagPaused (DAG id, version): the planner sets the DAG's jobs aside as they reach the head of their frontier.
     * Pauses and resumes carry a version that grows with each, so one that arrives after a newer one is ignored.
     */
    void dagPaused(DagRun run, int version);

    /** DagResumed (DAG id, version): the DAG's jobs that reached the head of their frontier while it was paused go back there. */
    void dagResumed(DagRun run, int version);

    /** LeaseGranted (DAG id, job, request id, token, attempt, instance): the lease is issued; dispatch it once this batch is durable. */
    void leaseGranted(DagRun run, int jobIndex, long requestId, long token, int attempt, long instanceId);

    /**
     * LeaseDenied (DAG id, job, request id, instance, ready time): the reserved slot is free again. The job was no
     * longer ready ({@code readyAtEpochMs} 0), or its DAG was paused before the request arrived: then it is still
     * ready and goes back to its frontier, where the planner parks it with its DAG (one message, so no reordering can
     * drop the job between a denial and a JobReady).
     */
    void leaseDenied(DagRun run, int jobIndex, long requestId, long instanceId, long readyAtEpochMs);

    /** LeaseEnded (DAG id, job, token, instance): the attempt is over; its slot is free again. */
    void leaseEnded(DagRun run, int jobIndex, long token, long instanceId);

    /** StopLease (DAG id, job, token, instance): ask the executor holding the lease to stop, once this batch is durable. */
    void stopLease(DagRun run, int jobIndex, long token, long instanceId);

    /**
     * LeaseHeld (DAG id, job, token, attempt, instance): a live lease keeps a slot of its instance: one taken over from
     * an earlier owner, or one sent again after the link lost messages (when its grant was what was lost, this is
     * its grant).
     */
    void leaseHeld(DagRun run, int jobIndex, long token, int attempt, long instanceId);

    // ------------------------------------------------------------------ class side to DAG side

    /**
     * LeaseRequest (DAG id, job, instance, request id): the class side reserved a slot of {@code instanceId} for the
     * job. The DAG side answers with a grant (it issues the lease into its batch: token, attempt, timers) or, when
     * the job is no longer ready, a denial. In one core the answer comes within the call.
     */
    void leaseRequested(ClassRun run, int jobIndex, long instanceId, long requestId);

    /** DispatchRefused (DAG id, job, token): the transport could not take the dispatch; the job is ready again. */
    void dispatchRefused(ClassRun run, int jobIndex, long token, long nowEpochMs);

    // Executors link to the class side, so what they report reaches the DAG side as these messages. A callback names
    // its DAG by id (the class side may not know the DAG yet, after a takeover); the DAG side checks it against the
    // current lease, as it always has. The executor messages name an instance the class side knows.

    /** LeaseRenewed (instance, DAG id, job, token): the executor still runs the lease. */
    void leaseRenewed(long instanceId, long dagId, int jobIndex, long token);

    /** JobStarted (instance, DAG id, job, token, time). */
    void jobStarted(long instanceId, long dagId, int jobIndex, long token, long atEpochMs);

    /** JobSucceeded (instance, DAG id, job, token, time, result). */
    void jobSucceeded(long instanceId, long dagId, int jobIndex, long token, long atEpochMs, byte[] result);

    /** JobFailed (instance, DAG id, job, token, time, retryable, error). */
    void jobFailed(long instanceId, long dagId, int jobIndex, long token, long atEpochMs, boolean retryable, String error);

    /** ExecutorLinked (instance): a newly registered instance; leases taken over for it can now hold its slots. */
    void executorLinked(long instanceId);

    /**
     * ExecutorReported (instance): the instance's first heartbeat after registering has come, and with it a renewal
     * of every lease it holds: a lease taken over for it that it did not renew is not running there.
     */
    void executorReported(long instanceId);

    /** ExecutorLost (instance, reason): the instance is gone (silent, or registered again); its leases are over. */
    void executorLost(long instanceId, String reason);

    // ------------------------------------------------------------------ transport

    /**
     * Delivers what the link holds and answers whether it delivered anything. The core calls it where a batch needs
     * the answers (before and after planning, after sending); a link that delivers at once holds nothing.
     */
    default boolean flush()
    {
        return false;
    }

    /**
     * Whether the link lost messages since it was last asked (its connection broke and was made again). The core
     * then resynchronises the two sides: the class side lets go of every slot it holds or reserved, and the DAG
     * side sends again what is true now (ready jobs, live leases and their stops, pauses).
     */
    default boolean lostMessages()
    {
        return false;
    }

    /**
     * After {@link #lostMessages}: whether what the class side holds for {@code run} was exposed to the loss. On one
     * node every run was; across nodes only those whose DAG owner is a node the loss was with.
     */
    default boolean lostWith(final ClassRun run)
    {
        return true;
    }

    /** The batch is durable: messages held for other nodes may leave now. */
    default void afterDurable()
    {
    }

    /** The batch was fenced off: messages held for other nodes never leave. */
    default void dropPending()
    {
    }
}
