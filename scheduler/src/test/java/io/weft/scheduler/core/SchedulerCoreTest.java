package io.weft.scheduler.core;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagTransitions;
import io.weft.scheduler.api.DuplicatePolicy;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobTransitions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.weft.scheduler.core.CoreHarness.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerCoreTest
{
    private final CoreHarness h = new CoreHarness();

    @Test
    void journalsTheDagBeforeAcknowledgingIt()
    {
        final long dagId = h.submit(job("a", "ocr", 0));
        assertEquals(List.of("journal", "ack " + dagId), h.timeline);
        assertEquals(JobState.READY, h.journaled(dagId, 0));
    }

    @Test
    void readyWorkWaitsForASlotAndLeaseIsDurableBeforeDispatch()
    {
        final long dagId = h.submit(job("a", "ocr", 0));
        assertTrue(h.dispatches.isEmpty(), "no executor, no dispatch");

        h.timeline.clear();
        h.register(7, Map.of("ocr", 1));
        assertEquals(List.of("journal", "dispatch a"), h.timeline);
        assertEquals(JobState.LEASED, h.journaled(dagId, 0));
        final CoreHarness.Dispatch d = h.outstanding("a");
        assertEquals(7, d.instanceId());
        assertEquals(1, d.attempt());
    }

    @Test
    void successorsBecomeReadyOnlyWhenAllParentsSucceeded()
    {
        h.register(7, Map.of("ocr", 4));
        final long dagId = h.submit(job("a", "ocr", 0), job("b", "ocr", 0, "a"), job("c", "ocr", 0, "a"), job("d", "ocr", 0, "b", "c"));
        assertEquals(List.of("a"), h.dispatches.stream().map(CoreHarness.Dispatch::jobId).toList());

        h.succeed(h.outstanding("a"));
        assertEquals(List.of("a", "b", "c"), h.dispatches.stream().map(CoreHarness.Dispatch::jobId).toList());
        h.succeed(h.outstanding("b"));
        assertEquals(3, h.dispatches.size(), "d still waits for c");
        h.succeed(h.outstanding("c"));
        h.succeed(h.outstanding("d"));

        assertEquals(4, h.counters.jobsSucceeded());
        assertEquals(1, h.counters.dagsCompleted());
        assertEquals(0, h.core.activeDagCount());
        assertEquals(JobState.SUCCEEDED, h.journaled(dagId, 3));
    }

    @Test
    void scarceSlotsGoToHigherPriorityThenOlderWork()
    {
        h.submit(job("low", "ocr", 1));
        h.submit(job("high", "ocr", 9));
        h.submit(job("mid-old", "ocr", 5));
        h.submit(job("mid-new", "ocr", 5));
        h.register(7, Map.of("ocr", 1));
        for (final String expected : List.of("high", "mid-old", "mid-new", "low"))
        {
            final CoreHarness.Dispatch d = h.dispatches.get(h.dispatches.size() - 1);
            assertEquals(expected, d.jobId());
            h.succeed(d);
        }
    }

    @Test
    void aSaturatedClassDoesNotDelayAnother()
    {
        h.register(7, Map.of("ocr", 1, "llm", 1));
        h.submit(job("ocr-1", "ocr", 0), job("ocr-2", "ocr", 0));
        h.submit(job("llm-1", "llm", 0));
        assertEquals(List.of("ocr-1", "llm-1"), h.dispatches.stream().map(CoreHarness.Dispatch::jobId).toList());
        assertEquals(1, h.core.readyJobs("ocr"));
    }

    @Test
    void loadIsSpreadToTheInstanceWithMostFreeSlots()
    {
        h.register(1, Map.of("ocr", 2));
        h.register(2, Map.of("ocr", 2));
        h.submit(job("a", "ocr", 0), job("b", "ocr", 0));
        assertEquals(2, h.dispatches.stream().map(CoreHarness.Dispatch::instanceId).distinct().count());
    }

    @Test
    void aCallbackWithAStaleTokenIsRefusedAndCounted()
    {
        h.register(7, Map.of("ocr", 1));
        h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch d = h.outstanding("a");
        h.succeed(new CoreHarness.Dispatch(d.instanceId(), d.dagId(), d.jobIndex(), d.attempt(), d.token() - 1, "ocr", "a"));
        h.outstanding.put(CoreHarness.key(d.dagId(), d.jobIndex()), d);
        assertEquals(1, h.counters.staleCallbacks());
        assertEquals(0, h.counters.jobsSucceeded());

        h.succeed(d);
        h.succeed(d);
        assertEquals(1, h.counters.jobsSucceeded(), "a success is accepted once");
        assertEquals(2, h.counters.staleCallbacks());
    }

    @Test
    void aDrainedInstanceFinishesWhatItRunsGetsNothingNewAndStaysDrainedWhenItRegistersAgain()
    {
        h.register(7, Map.of("ocr", 2));
        h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch a = h.outstanding("a");
        h.drain(7, true);
        h.submit(job("b", "ocr", 0));
        assertEquals(1, h.dispatches.size(), "nothing new goes to a drained instance");
        h.succeed(a);
        assertEquals(1, h.counters.jobsSucceeded(), "what it ran finishes and counts");

        h.register(7, Map.of("ocr", 2)); // a restart or a move: still drained
        assertEquals(1, h.dispatches.size());
        h.register(8, Map.of("ocr", 1));
        assertEquals(8, h.outstanding("b").instanceId(), "another instance takes the work");

        h.drain(7, false);
        h.submit(job("c", "ocr", 0));
        assertEquals(7, h.outstanding("c").instanceId(), "resumed, it takes work again");
    }

    @Test
    void aCallbackForAJobTheInstanceWasNeverSentChangesNothing()
    {
        h.register(7, Map.of("ocr", 1));
        h.register(8, Map.of("ocr", 1));
        h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch d = h.outstanding("a");
        final long other = d.instanceId() == 7 ? 8 : 7;
        // Another linked instance claims the job with its very token, then a job of a DAG that does not exist.
        h.succeedWithToken(other, d.dagId(), d.jobIndex(), d.token());
        h.succeedWithToken(other, 999_999, 0, d.token());
        h.succeedWithToken(d.instanceId(), d.dagId(), 5, d.token());
        assertEquals(3, h.counters.staleCallbacks());
        assertEquals(0, h.counters.jobsSucceeded());
        assertEquals(io.weft.scheduler.api.JobState.LEASED, h.journaled(d.dagId(), d.jobIndex()), "the job still waits for its own executor");
        h.succeed(d);
        assertEquals(1, h.counters.jobsSucceeded());
    }

    @Test
    void retryableFailuresRetryWithANewTokenUntilAttemptsRunOut()
    {
        h.register(7, Map.of("ocr", 1, "llm", 1));
        final long dagId = h.submit(job("a", "ocr", 5), job("b", "ocr", 0, "a"), job("c", "ocr", 0, "b"), job("side", "llm", 0));
        long lastToken = 0;
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            final CoreHarness.Dispatch d = h.outstanding("a");
            assertEquals(attempt, d.attempt());
            assertTrue(d.token() > lastToken, "fencing tokens only grow");
            lastToken = d.token();
            h.fail(d, true);
            if (attempt < 3)
            {
                assertEquals(JobState.RETRY_WAIT, h.journaled(dagId, 0));
                h.advance(50);
                assertEquals(JobState.RETRY_WAIT, h.journaled(dagId, 0), "still backing off");
                h.advance(100L << (attempt - 1));
            }
        }
        h.succeed(h.outstanding("side"));
        assertEquals(JobState.FAILED, h.journaled(dagId, 0));
        assertEquals(JobState.SKIPPED, h.journaled(dagId, 1));
        assertEquals(JobState.SKIPPED, h.journaled(dagId, 2));
        assertEquals(JobState.SUCCEEDED, h.journaled(dagId, 3));
        assertEquals(2, h.counters.jobRetries());
        assertEquals(1, h.counters.dagsCompleted());
    }

    @Test
    void aNonRetryableFailureFailsAtOnce()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        h.fail(h.outstanding("a"), false);
        assertEquals(JobState.FAILED, h.journaled(dagId, 0));
        assertEquals(1, h.dispatches.size());
    }

    @Test
    void aSilentExecutorIsLostAndItsJobsRunElsewhere()
    {
        h.register(1, Map.of("ocr", 1));
        h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch first = h.outstanding("a");
        h.register(2, Map.of("ocr", 1));

        h.advance(2_000);
        h.heartbeat(2);
        h.renew(first);
        h.advance(2_000);
        h.heartbeat(2);
        h.advance(2_000);
        assertEquals(1, h.counters.executorsLost());
        h.advance(100);
        final CoreHarness.Dispatch second = h.outstanding("a");
        assertEquals(2, second.instanceId());
        assertEquals(2, second.attempt());

        h.succeed(first);
        assertEquals(0, h.counters.jobsSucceeded(), "the lost executor's late success is refused");
        h.succeed(second);
        assertEquals(1, h.counters.jobsSucceeded());
    }

    @Test
    void backPressureReturnsWorkToTheFrontierAndLosesNothing()
    {
        h.backPressure = true;
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        assertTrue(h.dispatches.isEmpty());
        assertEquals(1, h.counters.dispatchBackPressure());

        h.backPressure = false;
        h.advance(20);
        final CoreHarness.Dispatch d = h.outstanding("a");
        assertEquals(1, d.attempt(), "an attempt that never left does not count");
        h.succeed(d);
        assertEquals(JobState.SUCCEEDED, h.journaled(dagId, 0));
    }

    @Test
    void startedMovesALeaseToRunning()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        h.started(h.outstanding("a"));
        assertEquals(JobState.RUNNING, h.journaled(dagId, 0));
    }

    @Test
    void pausedClassesDispatchNothingNewWhileRunningJobsFinish()
    {
        h.register(7, Map.of("ocr", 2, "llm", 1));
        h.submit(job("a", "ocr", 0));
        h.pause("ocr");
        h.submit(job("b", "ocr", 0), job("c", "llm", 0));
        assertEquals(List.of("a", "c"), h.dispatches.stream().map(CoreHarness.Dispatch::jobId).toList());
        h.succeed(h.outstanding("a"));
        assertEquals(JobState.SUCCEEDED, h.journaled(100, 0), "a running job finishes while its class is paused");
        assertEquals(2, h.dispatches.size());

        h.resume("ocr");
        assertEquals("b", h.dispatches.get(2).jobId());

        h.pause(null);
        h.submit(job("d", "llm", 0));
        h.succeed(h.outstanding("c"));
        assertEquals(3, h.dispatches.size(), "the whole scheduler is paused");
        h.resume(null);
        assertEquals("d", h.dispatches.get(3).jobId());
    }

    @Test
    void aLeaseThatIsNotRenewedExpiresAndTheLateCallbackIsRefused()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch first = h.outstanding("a");
        h.advance(2_000);
        h.heartbeat(7);
        h.renew(first);
        h.advance(2_000);
        h.heartbeat(7);
        assertEquals(0, h.counters.leasesExpired(), "a renewed lease lives on");
        h.advance(1_500);
        h.heartbeat(7);
        assertEquals(1, h.counters.leasesExpired());
        assertEquals(JobState.RETRY_WAIT, h.journaled(dagId, 0));
        assertTrue(h.cancels.contains(dagId + "/0@" + first.token()), "the executor is told to stop");

        h.advance(150);
        final CoreHarness.Dispatch second = h.outstanding("a");
        assertEquals(2, second.attempt());
        h.succeed(first);
        assertEquals(1, h.counters.staleCallbacks(), "the expired attempt's success is refused");
        h.succeed(second);
        assertEquals(JobState.SUCCEEDED, h.journaled(dagId, 0));
    }

    @Test
    void aJobOverItsRunTimeoutIsCancelledAndRetried()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(CoreHarness.timed("slow", 0, 500));
        final CoreHarness.Dispatch first = h.outstanding("slow");
        h.heartbeat(7);
        h.advance(499);
        assertEquals(0, h.counters.runTimeouts());
        h.advance(10);
        assertEquals(1, h.counters.runTimeouts());
        assertTrue(h.cancels.contains(dagId + "/0@" + first.token()));
        assertEquals(JobState.RETRY_WAIT, h.journaled(dagId, 0));
    }

    @Test
    void aJobThatCannotStartBeforeItsHardDeadlineExpires()
    {
        final long dagId = h.submit(CoreHarness.timed("late", 1_000, 0), job("after", "ocr", 0, "late"));
        h.advance(1_001);
        assertEquals(JobState.EXPIRED, h.journaled(dagId, 0));
        assertEquals(JobState.SKIPPED, h.journaled(dagId, 1));
        assertEquals(0, h.core.readyJobs("ocr"), "an expired job leaves the frontier");
        assertEquals(1, h.counters.dagsCompleted());
        h.register(7, Map.of("ocr", 1));
        assertTrue(h.dispatches.isEmpty());
    }

    @Test
    void aFinishedJobLeavesNoHardDeadlineTimerBehind()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(CoreHarness.timed("done", 3_600_000, 0),
            new JobSpec("dropped", "llm", 0, null, List.of("done"), CoreHarness.TEST_RETRY, 0, 3_600_000, 0));
        final CoreHarness.Dispatch done = h.outstanding("done");
        h.succeed(done);
        h.cancel(dagId, -1);
        assertEquals(DagState.CANCELLED, h.journaledDagStates.get(dagId));
        assertEquals(0, h.core.activeDagCount());
        assertEquals(0, h.core.pendingTimers(), "an hour-long deadline must not keep a finished DAG in memory for an hour");
    }

    @Test
    void cancellingADagEndsQueuedJobsAtOnceAndRunningOnesWhenConfirmed()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("running", "ocr", 5), job("queued", "ocr", 0), job("child", "ocr", 0, "running"));
        final CoreHarness.Dispatch running = h.outstanding("running");
        h.cancel(dagId, -1);
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 1));
        assertEquals(JobState.LEASED, h.journaled(dagId, 0), "a running job ends when its executor confirms");
        assertEquals(List.of(dagId + "/0@" + running.token()), h.cancels);
        assertEquals(0, h.counters.dagsCompleted());

        h.fail(running, false);
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 0));
        assertEquals("DAG cancelled", h.journaledErrors.get(CoreHarness.key(dagId, 0)), "the cancel reason survives the executor's confirmation");
        assertEquals(1, h.counters.dagsCompleted());
        assertEquals(1, h.dispatches.size(), "nothing else was dispatched");
    }

    @Test
    void cancellingAJobCancelsWhatDependsOnItWhileIndependentBranchesRunOn()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 5), job("b", "ocr", 0), job("c", "ocr", 0, "b"));
        h.cancel(dagId, 1);
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 1));
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 2));
        h.succeed(h.outstanding("a"));
        assertEquals(1, h.counters.dagsCompleted());
    }

    @Test
    void failFastCancelsTheRestOfTheDag()
    {
        h.register(7, Map.of("ocr", 2));
        final long dagId = h.submit(FailurePolicy.FAIL_FAST, job("a", "ocr", 5), job("b", "ocr", 4), job("c", "ocr", 0));
        h.fail(h.outstanding("a"), false);
        assertEquals(JobState.FAILED, h.journaled(dagId, 0));
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 2), "queued work is cancelled at once");
        h.fail(h.outstanding("b"), false);
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 1), "running work ends cancelled");
        assertEquals(1, h.counters.dagsCompleted());
    }

    @Test
    void illegalDagTransitionsAreRefused()
    {
        assertThrows(IllegalStateException.class, () -> DagTransitions.check(DagState.SUCCEEDED, DagState.RUNNING));
        assertThrows(IllegalStateException.class, () -> DagTransitions.check(DagState.PENDING, DagState.SUCCEEDED));
        assertThrows(IllegalStateException.class, () -> DagTransitions.check(DagState.CANCELLED, DagState.PAUSED));
        assertTrue(DagTransitions.isLegal(DagState.PAUSED, DagState.PENDING));
    }

    @Test
    void illegalTransitionsAreRefused()
    {
        assertThrows(IllegalStateException.class, () -> JobTransitions.check(JobState.SUCCEEDED, JobState.READY));
        assertThrows(IllegalStateException.class, () -> JobTransitions.check(JobState.WAITING, JobState.LEASED));
        assertThrows(IllegalStateException.class, () -> JobTransitions.check(JobState.READY, JobState.SUCCEEDED));
        for (final JobState terminal : JobState.values())
        {
            if (terminal.isTerminal())
            {
                assertTrue(JobTransitions.next(terminal).isEmpty(), terminal + " is terminal");
            }
        }
    }

    @Test
    void aDuplicateReferenceKeyIsRejectedByDefaultReplacedOrAllowedOnRequest()
    {
        h.register(7, Map.of("ocr", 1));
        final long first = h.submit(new DagSpec("doc", List.of(job("a", "ocr", 0)), FailurePolicy.CONTINUE, "doc-42", null));
        final long rejected = h.submit(new DagSpec("doc", List.of(job("a", "ocr", 0)), FailurePolicy.CONTINUE, "doc-42", null));
        assertTrue(h.timeline.contains("duplicate " + rejected + " of " + first));
        assertEquals(1, h.counters.dagsSubmitted(), "nothing was stored for the duplicate");

        final long allowed = h.submit(new DagSpec("doc", List.of(job("b", "ocr", 0)), FailurePolicy.CONTINUE, "doc-42", DuplicatePolicy.ALLOW));
        assertTrue(h.timeline.contains("ack " + allowed));

        final CoreHarness.Dispatch running = h.outstanding("a");
        final long replacement = h.submit(new DagSpec("doc", List.of(job("c", "ocr", 0)), FailurePolicy.CONTINUE, "doc-42", DuplicatePolicy.REPLACE));
        assertTrue(h.timeline.contains("ack " + replacement));
        assertEquals(JobState.CANCELLED, h.journaled(allowed, 0), "the latest DAG under the key was replaced");
        assertEquals(JobState.LEASED, h.journaled(first, 0), "an older DAG under the key is left alone");
        h.succeed(running);
        h.succeed(h.outstanding("c"));
        assertEquals(JobState.SUCCEEDED, h.journaled(replacement, 0));
    }

    @Test
    void aFinishedDagsReferenceKeyStaysADuplicateForTheRetentionThenIsForgotten()
    {
        final CoreHarness r = new CoreHarness(1, 60_000, 0, 0);
        r.register(7, Map.of("ocr", 1));
        final DagSpec doc = new DagSpec("doc", List.of(job("a", "ocr", 0)), FailurePolicy.CONTINUE, "doc-1", null);
        final long first = r.submit(doc);
        r.succeed(r.outstanding("a"));
        assertEquals(DagState.SUCCEEDED, r.journaledDagStates.get(first));

        final long again = r.submit(doc);
        assertTrue(r.timeline.contains("duplicate " + again + " of " + first), "within the retention it is still a duplicate");
        r.advance(59_000);
        assertEquals(1, r.core.referenceKeys());
        r.advance(1_100);
        assertEquals(0, r.core.referenceKeys(), "past the retention the key is forgotten, as the grid forgets the DAG");
        final long later = r.submit(doc);
        assertTrue(r.timeline.contains("ack " + later), r.timeline.toString());
    }

    @Test
    void theCountLimitOnFinishedJobsForgetsTheOldestKeysFirst()
    {
        final CoreHarness r = new CoreHarness(1, 0, 1, 0);
        r.register(7, Map.of("ocr", 1));
        final long first = r.submit(new DagSpec("doc", List.of(job("a", "ocr", 0)), FailurePolicy.CONTINUE, "doc-1", null));
        r.succeed(r.outstanding("a"));
        final long second = r.submit(new DagSpec("doc", List.of(job("b", "ocr", 0)), FailurePolicy.CONTINUE, "doc-2", null));
        r.succeed(r.outstanding("b"));
        assertEquals(1, r.core.referenceKeys(), "one finished job is kept: the latest DAG's");

        final long firstAgain = r.submit(new DagSpec("doc", List.of(job("a", "ocr", 0)), FailurePolicy.CONTINUE, "doc-1", null));
        assertTrue(r.timeline.contains("ack " + firstAgain));
        final long secondAgain = r.submit(new DagSpec("doc", List.of(job("b", "ocr", 0)), FailurePolicy.CONTINUE, "doc-2", null));
        assertTrue(r.timeline.contains("duplicate " + secondAgain + " of " + second), r.timeline.toString());
        assertTrue(first != firstAgain);
    }

    @Test
    void aReRegisteredInstanceKeepsItsNewLinkAndItsOldLeasesRetry()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch before = h.outstanding("a");
        h.register(7, Map.of("ocr", 1));
        assertTrue(h.timeline.stream().noneMatch(line -> line.startsWith("forget")), "the new registration's link stays");
        assertEquals(JobState.RETRY_WAIT, h.journaled(dagId, 0));
        h.advance(150);
        final CoreHarness.Dispatch after = h.outstanding("a");
        assertEquals(7, after.instanceId());
        assertTrue(after.token() > before.token());
    }

    @Test
    void aPausedDagDispatchesNothingNewAndGivesWayToOthersUntilResumed()
    {
        h.register(7, Map.of("ocr", 1));
        final long paused = h.submit(job("a", "ocr", 9), job("b", "ocr", 9), job("c", "ocr", 9, "a"));
        final CoreHarness.Dispatch a = h.outstanding("a");
        h.pauseDag(paused, true);
        assertEquals(DagState.PAUSED, h.journaledDagStates.get(paused));
        final long other = h.submit(job("x", "ocr", 0));

        h.succeed(a);
        assertEquals("x", h.dispatches.get(h.dispatches.size() - 1).jobId(), "the paused DAG's ready work gives way");
        h.succeed(h.outstanding("x"));
        assertEquals(2, h.dispatches.size(), "nothing of the paused DAG is dispatched, though a slot is free");
        assertEquals(JobState.READY, h.journaled(paused, 1));
        assertEquals(JobState.READY, h.journaled(paused, 2));

        h.pauseDag(paused, false);
        assertEquals(DagState.RUNNING, h.journaledDagStates.get(paused));
        h.succeed(h.outstanding(h.dispatches.get(2).jobId()));
        h.succeed(h.outstanding(h.dispatches.get(3).jobId()));
        assertEquals(DagState.SUCCEEDED, h.journaledDagStates.get(paused));
        assertEquals(DagState.SUCCEEDED, h.journaledDagStates.get(other));
    }

    @Test
    void aPausedDagCanBeCancelled()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0), job("b", "ocr", 0));
        h.pauseDag(dagId, true);
        h.succeed(h.outstanding("a"));
        h.cancel(dagId, -1);
        assertEquals(JobState.CANCELLED, h.journaled(dagId, 1));
        assertEquals(DagState.CANCELLED, h.journaledDagStates.get(dagId));
    }

    @Test
    void anAcceptedSuccessCarriesItsResultToTheJournalOnce()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0), job("b", "ocr", 0, "a"));
        h.succeed(h.outstanding("a"), "{\"pages\":3}");
        assertEquals(List.of(Map.entry(CoreHarness.key(dagId, 0), "{\"pages\":3}")), h.journaledResults);
        assertEquals(JobState.SUCCEEDED, h.journaled(dagId, 0));

        h.succeed(h.outstanding("b"));
        assertEquals(1, h.journaledResults.size(), "a success without a result carries none, and a journaled one is not sent again");
        assertEquals(0, h.counters.resultsOverLimit());
    }

    @Test
    void aStaleSuccessKeepsNoResult()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        final CoreHarness.Dispatch first = h.outstanding("a");
        h.fail(first, true);
        h.advance(150);
        final CoreHarness.Dispatch second = h.outstanding("a");
        assertEquals(2, second.attempt());

        h.succeed(first, "old");
        assertEquals(1, h.counters.staleCallbacks());
        assertEquals(List.of(), h.journaledResults, "the earlier attempt's result is refused with its callback");

        h.succeed(second, "new");
        assertEquals(List.of(Map.entry(CoreHarness.key(dagId, 0), "new")), h.journaledResults);
    }

    @Test
    void aResultOverTheLimitIsDroppedAndCountedButTheJobSucceeds()
    {
        h.register(7, Map.of("ocr", 2));
        final long dagId = h.submit(job("exact", "ocr", 0), job("over", "ocr", 0));
        final String exact = "x".repeat(CoreHarness.MAX_RESULT_BYTES);
        h.succeed(h.outstanding("exact"), exact);
        h.succeed(h.outstanding("over"), exact + "x");

        assertEquals(List.of(Map.entry(CoreHarness.key(dagId, 0), exact)), h.journaledResults);
        assertEquals(1, h.counters.resultsOverLimit());
        assertEquals(2, h.counters.jobsSucceeded());
        assertEquals(JobState.SUCCEEDED, h.journaled(dagId, 1));
        assertNull(h.journaledErrors.get(CoreHarness.key(dagId, 1)), "a dropped result is no error");
        assertEquals(DagState.SUCCEEDED, h.journaledDagStates.get(dagId));
    }
}
