package io.weft.scheduler;

import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.PauseState;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.core.ExecutorDirectory;
import io.weft.scheduler.core.PauseView;
import io.weft.scheduler.core.SchedulerCore;
import io.weft.scheduler.core.SchedulerCounters;
import io.weft.scheduler.core.SchedulerEvent;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.OwnerMessage;
import io.weft.scheduler.port.OwnerPeers;
import io.weft.scheduler.port.SchedulerJournal;
import io.weft.scheduler.signals.LatencyRecorders;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node's scheduler: the Disruptor ring and the single {@link SchedulerCore} that consumes it. The ring is the
 * only way into scheduling state. Submissions are offered without blocking (a full ring is the caller's cue to
 * answer "retry later"); executor callbacks wait for room instead, because dropping one would lose a job's fate.
 */
public final class Scheduler implements AutoCloseable
{
    private final SchedulerContext context;
    private final Disruptor<SchedulerEvent> disruptor;
    private final RingBuffer<SchedulerEvent> ring;
    private final LatencyRecorders signals = new LatencyRecorders();
    private final SchedulerCounters counters = new SchedulerCounters();
    private final ExecutorDirectory executorDirectory = new ExecutorDirectory();
    private final PauseView pauseView = new PauseView();
    private final SchedulerCore core;

    public Scheduler(final SchedulerContext context, final SchedulerJournal journal, final DispatchSender sender)
    {
        this(context, journal, sender, null);
    }

    /**
     * A scheduler that shares ownership with other nodes through {@code peers} (null: this node owns every DAG and
     * class it holds); their messages come in through {@link #onOwnerMessage}.
     */
    public Scheduler(final SchedulerContext context, final SchedulerJournal journal, final DispatchSender sender, final OwnerPeers peers)
    {
        this.context = context.conclude();
        this.disruptor = new Disruptor<>(
            SchedulerEvent::new,
            context.ringSize(),
            runnable -> {
                final Thread thread = new Thread(runnable, "weft-scheduler-core");
                thread.setDaemon(true);
                return thread;
            },
            ProducerType.MULTI,
            // Blocking keeps an idle node off the CPU; its timeout doubles as the housekeeping tick.
            new LiteTimeoutBlockingWaitStrategy(context.housekeepingIntervalMs(), TimeUnit.MILLISECONDS));
        this.core = new SchedulerCore(context, journal, sender, signals, counters, executorDirectory, pauseView, peers);
        disruptor.handleEventsWith(core);
        this.ring = disruptor.getRingBuffer();
    }

    public Scheduler start()
    {
        disruptor.start();
        return this;
    }

    /**
     * Offers a validated DAG; returns its id, or -1 when the ring is full. The id is taken before a ring slot is
     * claimed: a claimed slot must be published whatever happens, and the id generator is a grid call that can
     * throw, which would leave the slot unpublished and stall the ring for good. An id spent on a full ring is
     * simply never used.
     */
    public long trySubmit(final DagPlan plan, final SubmissionCallback callback)
    {
        final long dagId = context.dagIdSupplier().getAsLong();
        final long sequence = tryClaim();
        if (sequence < 0)
        {
            return -1;
        }
        ring.get(sequence).submit(dagId, plan, callback, context.epochClock().time(), context.nanoClock().nanoTime());
        ring.publish(sequence);
        return dagId;
    }

    // Operator commands are rare: Disruptor's translators keep them short, and the boxing they cost is no matter.
    private static final EventTranslatorTwoArg<SchedulerEvent, Boolean, String> PAUSE_CLASS =
        (event, sequence, pause, executorClass) -> event.pauseOrResume(pause, executorClass);
    private static final EventTranslatorTwoArg<SchedulerEvent, Long, Integer> CANCEL =
        (event, sequence, dagId, jobIndex) -> event.cancel(dagId, jobIndex);
    private static final EventTranslatorTwoArg<SchedulerEvent, Long, Boolean> DRAIN =
        (event, sequence, instanceId, drain) -> event.drain(instanceId, drain);
    private static final EventTranslatorTwoArg<SchedulerEvent, Long, Boolean> PAUSE_DAG =
        (event, sequence, dagId, pause) -> event.pauseOrResumeDag(dagId, pause);

    /** Pauses one class, or everything when {@code executorClass} is null; false when the ring is full. */
    public boolean tryPause(final String executorClass)
    {
        return ring.tryPublishEvent(PAUSE_CLASS, Boolean.TRUE, executorClass);
    }

    /** Resumes one class, or everything when {@code executorClass} is null; false when the ring is full. */
    public boolean tryResume(final String executorClass)
    {
        return ring.tryPublishEvent(PAUSE_CLASS, Boolean.FALSE, executorClass);
    }

    public PauseState pauseState()
    {
        return pauseView.state();
    }

    /** Cancels one job (by index) or, with a negative index, the whole DAG; false when the ring is full. */
    public boolean tryCancel(final long dagId, final int jobIndex)
    {
        return ring.tryPublishEvent(CANCEL, dagId, jobIndex);
    }

    /** Pauses or resumes one DAG; false when the ring is full. */
    /**
     * Drains one executor instance (no new work; what it runs finishes) or brings it back; false when the ring is
     * full. A drained instance that registers again stays drained for as long as this node owns the scheduler.
     */
    public boolean tryDrain(final long instanceId, final boolean drain)
    {
        return ring.tryPublishEvent(DRAIN, instanceId, drain);
    }

    public boolean tryPauseDag(final long dagId, final boolean pause)
    {
        return ring.tryPublishEvent(PAUSE_DAG, dagId, pause);
    }

    /**
     * This node now owns the scheduler under {@code ownerEpoch} (raised in the grid by the caller). Whatever the core
     * held is dropped; the caller then hands over the grid's pauses and DAGs with {@link #tryPause} and
     * {@link #adopt}. Waits for room in the ring: a change of owner must not be lost.
     */
    public void takeOver(final long ownerEpoch)
    {
        core.revoke();
        final long sequence = ring.next();
        ring.get(sequence).takeOver(ownerEpoch);
        ring.publish(sequence);
    }

    /** This node no longer owns the scheduler: the core drops its state and refuses work until the next takeover. */
    public void stepDown()
    {
        core.revoke();
        final long sequence = ring.next();
        ring.get(sequence).stepDown();
        ring.publish(sequence);
    }

    /** Hands the core a DAG read back from the grid, to run on from where the grid says it stood. */
    public void adopt(final AdoptedDag dag)
    {
        final long sequence = ring.next();
        ring.get(sequence).adopt(dag);
        ring.publish(sequence);
    }

    /** Reference keys the cluster has seen (key to latest DAG id), so idempotency holds across owners. */
    public void restoreReferences(final java.util.Map<String, Long> keysToDagIds)
    {
        final long sequence = ring.next();
        ring.get(sequence).references(keysToDagIds);
        ring.publish(sequence);
    }

    /** Pauses one class, or everything, waiting for room: used to restore pauses kept in the grid on takeover. */
    public void restorePause(final String executorClass)
    {
        final long sequence = ring.next();
        ring.get(sequence).pauseOrResume(true, executorClass);
        ring.publish(sequence);
    }

    /**
     * Drains an instance again after a takeover (it may not have registered yet: the drain waits for it). Blocks
     * for ring space, like {@link #restorePause}.
     */
    public void restoreDrain(final long instanceId)
    {
        final long sequence = ring.next();
        ring.get(sequence).drain(instanceId, true);
        ring.publish(sequence);
    }

    /** A message from another node's owner (an {@link OwnerMessage}); waits for room in the ring. */
    public void onOwnerMessage(final OwnerMessage message)
    {
        final long sequence = ring.next();
        ring.get(sequence).ownerMessage(message);
        ring.publish(sequence);
    }

    /** An executor's heartbeat still lists this lease: it keeps the lease alive. */
    public void onLeaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        final long sequence = ring.next();
        ring.get(sequence).leaseRenewed(instanceId, dagId, jobIndex, fencingToken);
        ring.publish(sequence);
    }

    public void onExecutorRegistered(final ExecutorDescriptor descriptor)
    {
        final long sequence = ring.next();
        ring.get(sequence).executorRegistered(descriptor);
        ring.publish(sequence);
    }

    public void onHeartbeat(final long instanceId, final long sentAtEpochMs)
    {
        final long sequence = ring.next();
        ring.get(sequence).heartbeat(instanceId, sentAtEpochMs);
        ring.publish(sequence);
    }

    public void onStarted(final long instanceId, final long dagId, final int jobIndex, final long fencingToken, final long atEpochMs)
    {
        callback(SchedulerEvent.JOB_STARTED, instanceId, dagId, jobIndex, fencingToken, atEpochMs, false, null, null);
    }

    /**
     * @param result what the job returned, or null for nothing; the scheduler takes ownership of the array.
     */
    public void onSucceeded(
        final long instanceId, final long dagId, final int jobIndex, final long fencingToken, final long atEpochMs, final byte[] result)
    {
        callback(SchedulerEvent.JOB_SUCCEEDED, instanceId, dagId, jobIndex, fencingToken, atEpochMs, false, null, result);
    }

    public void onFailed(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long atEpochMs,
        final boolean retryable,
        final String error)
    {
        callback(SchedulerEvent.JOB_FAILED, instanceId, dagId, jobIndex, fencingToken, atEpochMs, retryable, error, null);
    }

    private void callback(
        final int type,
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long atEpochMs,
        final boolean retryable,
        final String error,
        final byte[] result)
    {
        final long sequence = ring.next();
        ring.get(sequence).jobCallback(type, instanceId, dagId, jobIndex, fencingToken, atEpochMs, retryable, error, result);
        ring.publish(sequence);
    }

    /** A ring slot for a producer that must not wait, or -1 when the ring is full. */
    private long tryClaim()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return -1;
        }
    }

    /** Connected executor instances, ordered by id, as the core last published them. */
    public List<ExecutorView> executors()
    {
        return executorDirectory.views();
    }

    /** Where the core records its latency signals; read them through one {@code LatencyHistory}. */
    public LatencyRecorders signals()
    {
        return signals;
    }

    public SchedulerCounters counters()
    {
        return counters;
    }

    /** Free ring slots; a node under pressure shows it here before it starts refusing submissions. */
    public long ringRemainingCapacity()
    {
        return ring.remainingCapacity();
    }

    public int ringSize()
    {
        return ring.getBufferSize();
    }

    @Override
    public void close()
    {
        try
        {
            disruptor.shutdown(5, TimeUnit.SECONDS);
        }
        catch (final com.lmax.disruptor.TimeoutException ex)
        {
            disruptor.halt();
        }
    }
}
