package io.weft.transport;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Records what the link agent reports, for assertions from the test thread.
 */
final class RecordingListener implements ExecutorMessageListener
{
    enum Kind
    {
        STARTED, SUCCEEDED, FAILED
    }

    record JobEvent(Kind kind, long instanceId, long dagId, int jobIndex, long fencingToken, long atEpochMs,
        boolean retryable, String error)
    {
    }

    record HeartbeatEvent(long instanceId, long sentAtEpochMs, int leaseCount)
    {
    }

    record LeaseEvent(long instanceId, long dagId, int jobIndex, long fencingToken)
    {
    }

    final Queue<ExecutorRegistration> registrations = new ConcurrentLinkedQueue<>();
    final Queue<JobEvent> jobEvents = new ConcurrentLinkedQueue<>();
    final Queue<HeartbeatEvent> heartbeats = new ConcurrentLinkedQueue<>();
    final Queue<LeaseEvent> heartbeatLeases = new ConcurrentLinkedQueue<>();
    final Map<Long, byte[]> resultsByToken = new ConcurrentHashMap<>();

    /** When set, every registration is redirected to this endpoint, as a node that is not the owner does. */
    volatile String redirectTo;

    /** When set, every registration is refused with this reason. */
    volatile String refuseWith;

    @Override
    public String refusalFor(final ExecutorRegistration registration)
    {
        return refuseWith;
    }

    @Override
    public String redirectFor(final ExecutorRegistration registration)
    {
        return redirectTo;
    }

    @Override
    public void onExecutorRegistered(final ExecutorRegistration registration)
    {
        registrations.add(registration);
    }

    @Override
    public void onHeartbeat(final long instanceId, final long sentAtEpochMs, final int leaseCount)
    {
        heartbeats.add(new HeartbeatEvent(instanceId, sentAtEpochMs, leaseCount));
    }

    @Override
    public void onHeartbeatLease(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        heartbeatLeases.add(new LeaseEvent(instanceId, dagId, jobIndex, fencingToken));
    }

    @Override
    public void onStarted(
        final long instanceId, final long dagId, final int jobIndex, final long fencingToken, final long atMs)
    {
        jobEvents.add(new JobEvent(Kind.STARTED, instanceId, dagId, jobIndex, fencingToken, atMs, false, null));
    }

    @Override
    public void onSucceeded(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long atMs,
        final byte[] result)
    {
        if (null != result)
        {
            // Before the event, so a test that saw the success also sees its result.
            resultsByToken.put(fencingToken, result);
        }
        jobEvents.add(new JobEvent(Kind.SUCCEEDED, instanceId, dagId, jobIndex, fencingToken, atMs, false, null));
    }

    @Override
    public void onFailed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long atMs,
        final boolean retryable,
        final String error)
    {
        jobEvents.add(new JobEvent(Kind.FAILED, instanceId, dagId, jobIndex, fencingToken, atMs, retryable, error));
    }

    /** Waits (up to 10 s) until a callback of this kind and lease has arrived, and returns it. */
    JobEvent awaitJob(final Kind kind, final long fencingToken)
    {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
            .until(() -> job(kind, fencingToken).orElse(null), e -> e != null);
    }

    Optional<JobEvent> job(final Kind kind, final long fencingToken)
    {
        return jobEvents.stream().filter(e -> e.kind() == kind && e.fencingToken() == fencingToken).findFirst();
    }

    Optional<ExecutorRegistration> registration(final long instanceId)
    {
        return registrations.stream().filter(r -> r.instanceId() == instanceId).findFirst();
    }

    List<ExecutorRegistration> registrations(final long instanceId)
    {
        return registrations.stream().filter(r -> r.instanceId() == instanceId).toList();
    }

    boolean anyHeartbeat(final Predicate<HeartbeatEvent> predicate)
    {
        return heartbeats.stream().anyMatch(predicate);
    }
}
