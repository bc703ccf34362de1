package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import io.weft.scheduler.port.SchedulerJournal;
import io.weft.scheduler.signals.LatencyRecorders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives a {@link SchedulerCore} directly, one event per call, on a manual clock: no threads, no ring, no grid.
 * Records the order of journal writes, dispatches and acknowledgements so tests can check what left when.
 */
final class CoreHarness
{
    record Dispatch(long instanceId, long dagId, int jobIndex, int attempt, long token, String executorClass, String jobId)
    {
    }

    final long[] nowMs = {1_000_000};
    final List<String> timeline = new ArrayList<>();
    final List<Dispatch> dispatches = new ArrayList<>();
    final Map<String, Dispatch> outstanding = new LinkedHashMap<>();
    final Map<String, JobState> journaledJobStates = new HashMap<>();
    final Map<String, String> journaledErrors = new HashMap<>();
    final Map<String, Boolean> journaledCancelRequested = new HashMap<>();
    /** Every result a journal batch carried, in order, as "dagId/jobIndex" = the result's text. */
    final List<Map.Entry<String, String>> journaledResults = new ArrayList<>();
    final Map<Long, DagState> journaledDagStates = new HashMap<>();
    final Map<Long, Boolean> journaledDagCancelled = new HashMap<>();
    final Map<Long, Long> accepted = new HashMap<>();
    boolean backPressure;
    /** While set, the journal answers as the grid does when a newer owner holds the batch's DAGs. */
    boolean fenceJournal;
    /** How long each journal write takes on the harness's clock. */
    long journalDelayMs;
    final LatencyRecorders signals = new LatencyRecorders();
    int fencedCalls;
    /** The owner epoch of the term the core last reported fenced off. */
    long fencedEpoch;
    final SchedulerCounters counters = new SchedulerCounters();
    final SchedulerCore core;
    private final SchedulerEvent event = new SchedulerEvent();
    private long sequence;
    private long nextDagId = 100;

    static final RetryPolicy TEST_RETRY = new RetryPolicy(3, 100, 2.0, 1_000, 0.0);
    static final long LEASE_TIMEOUT_MS = 3_000;
    static final int MAX_RESULT_BYTES = 16;

    final List<String> cancels = new ArrayList<>();

    CoreHarness()
    {
        this(1);
    }

    CoreHarness(final long ownerEpoch)
    {
        this(ownerEpoch, 3_600_000, 1_000_000, 200_000);
    }

    CoreHarness(final long ownerEpoch, final long finishedRetentionMs, final long maxFinishedJobs, final long maxFinishedDags)
    {
        final SchedulerContext context = new SchedulerContext()
            .ownerEpoch(ownerEpoch)
            .finishedRetentionMs(finishedRetentionMs)
            .maxFinishedJobs(maxFinishedJobs)
            .maxFinishedDags(maxFinishedDags)
            .onFenced(epoch -> {
                fencedCalls++;
                fencedEpoch = epoch;
            })
            .heartbeatTimeoutMs(5_000)
            .leaseTimeoutMs(LEASE_TIMEOUT_MS)
            .maxResultBytes(MAX_RESULT_BYTES)
            .randomSeed(1)
            .housekeepingIntervalMs(10)
            .epochClock(() -> nowMs[0])
            .nanoClock(() -> nowMs[0] * 1_000_000L)
            .conclude();
        final SchedulerJournal journal = batch -> {
            if (fenceJournal)
            {
                timeline.add("fenced");
                throw new io.weft.scheduler.port.OwnershipLostException("a newer owner holds the batch's DAGs");
            }
            timeline.add("journal");
            nowMs[0] += journalDelayMs;
            for (int i = 0; i < batch.jobCount(); i++)
            {
                journaledJobStates.put(key(batch.jobDagId(i), batch.jobIndex(i)), batch.jobState(i));
                journaledErrors.put(key(batch.jobDagId(i), batch.jobIndex(i)), batch.jobError(i));
                journaledCancelRequested.put(key(batch.jobDagId(i), batch.jobIndex(i)), batch.jobCancelRequested(i));
                if (batch.jobResult(i) != null)
                {
                    journaledResults.add(Map.entry(
                        key(batch.jobDagId(i), batch.jobIndex(i)), new String(batch.jobResult(i), StandardCharsets.UTF_8)));
                }
            }
            for (int i = 0; i < batch.dagStateCount(); i++)
            {
                journaledDagStates.put(batch.dagId(i), batch.dagState(i));
                journaledDagCancelled.put(batch.dagId(i), batch.dagCancelled(i));
            }
        };
        final DispatchSender sender = new DispatchSender()
        {
            @Override
            public boolean sendDispatch(
                final long instanceId, final long dagId, final int jobIndex, final int attempt, final long token,
                final long deadlineEpochMs, final String executorClass, final String jobId, final byte[] payload)
            {
                if (backPressure)
                {
                    timeline.add("refused " + jobId);
                    return false;
                }
                final Dispatch d = new Dispatch(instanceId, dagId, jobIndex, attempt, token, executorClass, jobId);
                timeline.add("dispatch " + jobId);
                dispatches.add(d);
                outstanding.put(key(dagId, jobIndex), d);
                return true;
            }

            @Override
            public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long token)
            {
                cancels.add(dagId + "/" + jobIndex + "@" + token);
                return true;
            }

            @Override
            public void forget(final long instanceId)
            {
                timeline.add("forget " + instanceId);
                outstanding.values().removeIf(d -> d.instanceId() == instanceId);
            }
        };
        core = new SchedulerCore(context, journal, sender, signals, counters, new ExecutorDirectory(), new PauseView());
    }

    static String key(final long dagId, final int jobIndex)
    {
        return dagId + "/" + jobIndex;
    }

    static JobSpec job(final String id, final String executorClass, final int priority, final String... dependsOn)
    {
        return new JobSpec(id, executorClass, priority, null, List.of(dependsOn), TEST_RETRY, 0, 0, 0);
    }

    static JobSpec timed(final String id, final long hardDeadlineMs, final long runTimeoutMs, final String... dependsOn)
    {
        return new JobSpec(id, "ocr", 0, null, List.of(dependsOn), TEST_RETRY, 0, hardDeadlineMs, runTimeoutMs);
    }

    long submit(final JobSpec... jobs)
    {
        return submit(FailurePolicy.CONTINUE, jobs);
    }

    long submit(final FailurePolicy policy, final JobSpec... jobs)
    {
        return submit(new DagSpec("dag-" + nextDagId, List.of(jobs), policy));
    }

    long submit(final DagSpec spec)
    {
        final long dagId = nextDagId++;
        event.submit(dagId, new DagValidator().validate(spec), new SubmissionCallback()
        {
            @Override
            public void onAccepted(final long id)
            {
                timeline.add("ack " + id);
                accepted.put(id, id);
            }

            @Override
            public void onFailed(final long id, final String reason)
            {
                timeline.add("nack " + id);
            }

            @Override
            public void onDuplicate(final long id, final long existingDagId)
            {
                timeline.add("duplicate " + id + " of " + existingDagId);
            }
        }, nowMs[0], nowMs[0] * 1_000_000L);
        deliver();
        return dagId;
    }

    void takeOver(final long ownerEpoch)
    {
        event.takeOver(ownerEpoch);
        deliver();
    }

    void stepDown()
    {
        event.stepDown();
        deliver();
    }

    void adopt(final io.weft.scheduler.api.AdoptedDag dag)
    {
        event.adopt(dag);
        deliver();
    }

    void register(final long instanceId, final Map<String, Integer> slots)
    {
        event.executorRegistered(new ExecutorDescriptor(instanceId, "test", "owner", "1", Set.of(), slots));
        deliver();
    }

    void pause(final String executorClass)
    {
        event.pauseOrResume(true, executorClass);
        deliver();
    }

    void resume(final String executorClass)
    {
        event.pauseOrResume(false, executorClass);
        deliver();
    }

    void drain(final long instanceId, final boolean drain)
    {
        event.drain(instanceId, drain);
        deliver();
    }

    void pauseDag(final long dagId, final boolean pause)
    {
        event.pauseOrResumeDag(dagId, pause);
        deliver();
    }

    void cancel(final long dagId, final int jobIndex)
    {
        event.cancel(dagId, jobIndex);
        deliver();
    }

    void renew(final Dispatch d)
    {
        event.leaseRenewed(d.instanceId(), d.dagId(), d.jobIndex(), d.token());
        deliver();
    }

    void heartbeat(final long instanceId)
    {
        event.heartbeat(instanceId, nowMs[0]);
        deliver();
    }

    void started(final Dispatch d)
    {
        event.jobCallback(SchedulerEvent.JOB_STARTED, d.instanceId(), d.dagId(), d.jobIndex(), d.token(), nowMs[0], false, null, null);
        deliver();
    }

    void succeedWithToken(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        event.jobCallback(SchedulerEvent.JOB_SUCCEEDED, instanceId, dagId, jobIndex, token, nowMs[0], false, null, null);
        deliver();
    }

    void renewWithToken(final long instanceId, final long dagId, final int jobIndex, final long token)
    {
        event.leaseRenewed(instanceId, dagId, jobIndex, token);
        deliver();
    }

    void succeed(final Dispatch d)
    {
        succeed(d, null);
    }

    void succeed(final Dispatch d, final String result)
    {
        outstanding.remove(key(d.dagId(), d.jobIndex()), d);
        event.jobCallback(SchedulerEvent.JOB_SUCCEEDED, d.instanceId(), d.dagId(), d.jobIndex(), d.token(), nowMs[0], false, null,
            result == null ? null : result.getBytes(StandardCharsets.UTF_8));
        deliver();
    }

    /** A success whose callback the executor sent at {@code sentAtMs} by its own clock. */
    void succeedSentAt(final Dispatch d, final long sentAtMs)
    {
        outstanding.remove(key(d.dagId(), d.jobIndex()), d);
        event.jobCallback(SchedulerEvent.JOB_SUCCEEDED, d.instanceId(), d.dagId(), d.jobIndex(), d.token(), sentAtMs, false, null, null);
        deliver();
    }

    void fail(final Dispatch d, final boolean retryable)
    {
        outstanding.remove(key(d.dagId(), d.jobIndex()), d);
        event.jobCallback(SchedulerEvent.JOB_FAILED, d.instanceId(), d.dagId(), d.jobIndex(), d.token(), nowMs[0], retryable, "boom", null);
        deliver();
    }

    /** Lets time pass and gives the core an idle tick, as the ring's wait timeout would. */
    void advance(final long ms)
    {
        nowMs[0] += ms;
        core.onTimeout(sequence);
        checkSlotsMatchLeases();
    }

    Dispatch outstanding(final String jobId)
    {
        return outstanding.values().stream().filter(d -> d.jobId().equals(jobId)).findFirst().orElseThrow();
    }

    JobState journaled(final long dagId, final int jobIndex)
    {
        return journaledJobStates.get(key(dagId, jobIndex));
    }

    private void deliver()
    {
        core.onEvent(event, sequence++, true);
        checkSlotsMatchLeases();
    }

    /** No slot is held without a live lease, and no live lease runs without a slot. */
    void checkSlotsMatchLeases()
    {
        for (final String executorClass : Set.of("ocr", "llm", "split"))
        {
            assertEquals(core.liveLeases(executorClass), core.usedSlots(executorClass), "slots in use vs the core's live leases, " + executorClass);
        }
    }
}
