package io.weft.rest;

import io.weft.scheduler.api.CancelOutcome;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.MetricsSnapshot;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.PauseState;
import io.weft.scheduler.api.SchedulerApi;
import io.weft.scheduler.api.SubmissionCallback;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler stand-in for testing the HTTP bridge alone: the real {@link DagValidator} (with a small payload
 * limit), a recorded list of submissions, callbacks from a separate "core" thread as the real ring gives them, and
 * switches for a full ring (which also refuses pause and resume), a failed journal, a missing callback, a failing
 * read, a fixed cancel outcome and fixed listing pages. Cancel, listing and pause calls are recorded with their thread.
 */
final class FakeSchedulerApi implements SchedulerApi, AutoCloseable
{
    static final int MAX_PAYLOAD_BYTES = 1024;
    static final long EXPLODING_DAG_ID = 666;
    static final String EXPLODING_DAG_NAME = "explode";
    static final long EXISTING_DAG_ID = 4242;

    enum AckMode
    {
        ACCEPT, FAIL, NEVER, DUPLICATE
    }

    private final DagValidator validator = new DagValidator(MAX_PAYLOAD_BYTES, 1_000);
    private final ExecutorService core = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-core"));
    private final AtomicLong nextDagId = new AtomicLong(1_000);

    final List<DagPlan> submissions = new CopyOnWriteArrayList<>();
    final List<String> readThreads = new CopyOnWriteArrayList<>();
    final Map<Long, DagView> dags = new ConcurrentHashMap<>();
    volatile List<ExecutorView> executors = List.of();
    volatile boolean ringFull;
    volatile AckMode ackMode = AckMode.ACCEPT;
    /** Every cancel, listing and pause call as "method(args)@thread", in order. */
    final List<String> controlCalls = new CopyOnWriteArrayList<>();
    /** When set, cancel answers it; otherwise NOT_FOUND for an unknown DAG or job, else ACCEPTED. */
    volatile CancelOutcome cancelOutcome;
    volatile JobPage jobPage;
    volatile JobPage deadLetterPage;
    /** When set, findDag waits on it: lets a test hold a read in flight. */
    volatile CountDownLatch findGate;
    final CountDownLatch findEntered = new CountDownLatch(1);

    void reset()
    {
        submissions.clear();
        readThreads.clear();
        dags.clear();
        executors = List.of();
        ringFull = false;
        ackMode = AckMode.ACCEPT;
        findGate = null;
        controlCalls.clear();
        cancelOutcome = null;
        jobPage = null;
        deadLetterPage = null;
        schedulerPaused = false;
        pausedClasses.clear();
    }

    @Override
    public DagPlan validate(final DagSpec spec)
    {
        if (EXPLODING_DAG_NAME.equals(spec.name()))
        {
            throw new IllegalStateException("validator exploded (on purpose)");
        }
        return validator.validate(spec);
    }

    @Override
    public long trySubmit(final DagPlan plan, final SubmissionCallback callback)
    {
        if (ringFull)
        {
            return -1;
        }
        final long dagId = nextDagId.incrementAndGet();
        submissions.add(plan);
        switch (ackMode)
        {
            case ACCEPT -> core.execute(() -> callback.onAccepted(dagId));
            case FAIL -> core.execute(() -> callback.onFailed(dagId, "journal write timed out"));
            case DUPLICATE -> core.execute(() -> callback.onDuplicate(dagId, EXISTING_DAG_ID));
            case NEVER ->
            {
            }
        }
        return dagId;
    }

    @Override
    public Optional<DagView> findDag(final long dagId)
    {
        readThreads.add(Thread.currentThread().getName());
        if (dagId == EXPLODING_DAG_ID)
        {
            throw new IllegalStateException("grid read exploded (on purpose)");
        }
        final CountDownLatch gate = findGate;
        if (gate != null)
        {
            findEntered.countDown();
            try
            {
                if (!gate.await(10, TimeUnit.SECONDS))
                {
                    throw new IllegalStateException("test never opened the gate");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        return Optional.ofNullable(dags.get(dagId));
    }

    @Override
    public List<ExecutorView> executors()
    {
        readThreads.add(Thread.currentThread().getName());
        return executors;
    }

    /** Pause state as the fake's callers set it; a paused class appears once paused and goes on resume. */
    @Override
    public boolean pause(final String executorClass)
    {
        record("pause(" + executorClass + ")");
        if (ringFull)
        {
            return false;
        }
        if (executorClass == null)
        {
            schedulerPaused = true;
        }
        else
        {
            pausedClasses.add(executorClass);
        }
        return true;
    }

    @Override
    public boolean resume(final String executorClass)
    {
        record("resume(" + executorClass + ")");
        if (ringFull)
        {
            return false;
        }
        if (executorClass == null)
        {
            schedulerPaused = false;
        }
        else
        {
            pausedClasses.remove(executorClass);
        }
        return true;
    }

    @Override
    public PauseState pauseState()
    {
        return new PauseState(schedulerPaused, java.util.Set.copyOf(pausedClasses));
    }

    @Override
    public CancelOutcome cancel(final long dagId, final String jobId)
    {
        record("cancel(" + dagId + "," + jobId + ")");
        if (dagId == EXPLODING_DAG_ID)
        {
            throw new IllegalStateException("grid read exploded (on purpose)");
        }
        final CancelOutcome fixed = cancelOutcome;
        if (fixed != null)
        {
            return fixed;
        }
        final DagView dag = dags.get(dagId);
        if (dag == null || (jobId != null && dag.jobs().stream().noneMatch(job -> job.id().equals(jobId))))
        {
            return CancelOutcome.NOT_FOUND;
        }
        return CancelOutcome.ACCEPTED;
    }

    @Override
    public CancelOutcome pauseDag(final long dagId, final boolean pause)
    {
        controlCalls.add((pause ? "pauseDag(" : "resumeDag(") + dagId + ")@" + Thread.currentThread().getName());
        final CancelOutcome fixed = cancelOutcome;
        return fixed != null ? fixed : dags.containsKey(dagId) ? CancelOutcome.ACCEPTED : CancelOutcome.NOT_FOUND;
    }

    @Override
    public JobPage listJobs(final JobState state, final String executorClass, final int offset, final int limit)
    {
        record("listJobs(" + state + "," + executorClass + "," + offset + "," + limit + ")");
        final JobPage page = jobPage;
        return page != null ? page : new JobPage(0, offset, limit, List.of());
    }

    @Override
    public JobPage deadLetters(final int offset, final int limit)
    {
        record("deadLetters(" + offset + "," + limit + ")");
        final JobPage page = deadLetterPage;
        return page != null ? page : new JobPage(0, offset, limit, List.of());
    }

    /** The calls without the thread they ran on. */
    List<String> controlCallsWithoutThreads()
    {
        return controlCalls.stream().map(call -> call.substring(0, call.lastIndexOf('@'))).toList();
    }

    private void record(final String call)
    {
        controlCalls.add(call + "@" + Thread.currentThread().getName());
    }

    @Override
    public MetricsSnapshot metrics()
    {
        return new MetricsSnapshot(
            Map.of("scheduler.callbacks.stale", 3L),
            Map.of("slots.ocr.total", 4L),
            Map.of("readyToDispatch", new MetricsSnapshot.StageLatency(10, 1.5, 2, 3, 4, 5, 2.1)));
    }

    private volatile boolean schedulerPaused;
    private final java.util.Set<String> pausedClasses = ConcurrentHashMap.newKeySet();

    @Override
    public void close()
    {
        core.shutdownNow();
    }
}
