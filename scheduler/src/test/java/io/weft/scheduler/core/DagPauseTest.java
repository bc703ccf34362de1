package io.weft.scheduler.core;

import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.weft.scheduler.core.CoreHarness.job;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pausing one DAG, in the detail the simulation checks at random: parked jobs come back with their original rank
 * and ready sequence, the DAG returns to the state it had, pause and resume inside one ring batch, and a paused DAG
 * still ends when its jobs do.
 */
class DagPauseTest
{
    private final CoreHarness h = new CoreHarness();
    private final SchedulerEvent event = new SchedulerEvent();
    private long sequence = 1_000;

    private List<String> dispatched()
    {
        return h.dispatches.stream().map(CoreHarness.Dispatch::jobId).toList();
    }

    /** Delivers pause/resume events as one ring batch: only the last ends it, so planning sees only the outcome. */
    private void inOneBatch(final long dagId, final boolean... pauses)
    {
        for (int i = 0; i < pauses.length; i++)
        {
            event.pauseOrResumeDag(dagId, pauses[i]);
            h.core.onEvent(event, sequence++, i == pauses.length - 1);
        }
    }

    @Test
    void aParkedJobKeepsItsReadySequenceAheadOfLaterWorkOfTheSameRank()
    {
        h.register(7, Map.of("ocr", 1));
        final CoreHarness.Dispatch x = dispatchOf(h.submit(job("x", "ocr", 0)), "x");
        // Same priority, same instant, fresh DAGs: equal ranks, so the ready sequence decides.
        final long a = h.submit(job("a", "ocr", 1));
        h.submit(job("b", "ocr", 1));
        h.pauseDag(a, true);
        h.submit(job("c", "ocr", 1));

        h.succeed(x);
        assertEquals(List.of("x", "b"), dispatched(), "a reached the head and was parked; b went instead");
        h.pauseDag(a, false);
        h.succeed(h.outstanding("b"));
        assertEquals(List.of("x", "b", "a"), dispatched(), "a became ready before c: resumed, it is still ahead of it");
        h.succeed(h.outstanding("a"));
        assertEquals(List.of("x", "b", "a", "c"), dispatched());
    }

    @Test
    void aParkedJobKeepsTheRankItAgedFromWhenItBecameReady()
    {
        h.register(7, Map.of("ocr", 1));
        final CoreHarness.Dispatch x = dispatchOf(h.submit(job("x", "ocr", 0)), "x");
        final long a = h.submit(job("a", "ocr", 1));
        h.pauseDag(a, true);
        h.advance(1_000);
        h.submit(job("b", "ocr", 1));
        h.succeed(x);
        assertEquals(List.of("x", "b"), dispatched());
        h.advance(1_000);
        h.submit(job("c", "ocr", 1));

        h.pauseDag(a, false);
        h.succeed(h.outstanding("b"));
        assertEquals(List.of("x", "b", "a"), dispatched(), "a has waited since the start: it outranks c, not re-ranked on resume");
    }

    @Test
    void resumingReturnsToPendingBeforeAnyLeaseAndToRunningAfter()
    {
        final long dagId = h.submit(job("a", "ocr", 0), job("b", "ocr", 0, "a"));
        h.pauseDag(dagId, true);
        assertEquals(DagState.PAUSED, h.journaledDagStates.get(dagId));
        h.register(7, Map.of("ocr", 1));
        assertEquals(List.of(), dispatched(), "a free slot, but the DAG is paused");
        h.pauseDag(dagId, false);
        assertEquals(List.of("a"), dispatched());
        assertEquals(DagState.RUNNING, h.journaledDagStates.get(dagId));

        h.pauseDag(dagId, true);
        h.succeed(h.outstanding("a"));
        assertEquals(List.of("a"), dispatched(), "b became ready while paused: parked");
        assertEquals(JobState.READY, h.journaled(dagId, 1));
        h.pauseDag(dagId, false);
        assertEquals(DagState.RUNNING, h.journaledDagStates.get(dagId));
        assertEquals(List.of("a", "b"), dispatched());
    }

    @Test
    void beforeAnyLeaseAPauseAndResumeReturnToPending()
    {
        final long dagId = h.submit(job("a", "ocr", 0));
        h.pauseDag(dagId, true);
        h.pauseDag(dagId, false);
        assertEquals(DagState.PENDING, h.journaledDagStates.get(dagId));
    }

    @Test
    void pauseAndResumeInOneBatchChangeNothing()
    {
        h.register(7, Map.of("ocr", 1));
        final CoreHarness.Dispatch x = dispatchOf(h.submit(job("x", "ocr", 0)), "x");
        final long a = h.submit(job("a", "ocr", 0));
        inOneBatch(a, true, false);
        assertEquals(DagState.PENDING, h.journaledDagStates.get(a));
        h.succeed(x);
        assertEquals(List.of("x", "a"), dispatched());
    }

    @Test
    void resumeAndPauseAgainInOneBatchLeaveParkedWorkParked()
    {
        h.register(7, Map.of("ocr", 1));
        final CoreHarness.Dispatch x = dispatchOf(h.submit(job("x", "ocr", 0)), "x");
        final long a = h.submit(job("a", "ocr", 5));
        h.pauseDag(a, true);
        h.succeed(x); // a parked
        h.submit(job("b", "ocr", 0), job("c", "ocr", 0));
        assertEquals(List.of("x", "b"), dispatched());

        inOneBatch(a, false, true);
        assertEquals(DagState.PAUSED, h.journaledDagStates.get(a));
        h.succeed(h.outstanding("b"));
        assertEquals(List.of("x", "b", "c"), dispatched(), "put back and parked again: a is still not dispatched");
        assertEquals(JobState.READY, h.journaled(a, 0));

        h.pauseDag(a, false);
        h.succeed(h.outstanding("c"));
        assertEquals(List.of("x", "b", "c", "a"), dispatched());
        assertEquals(0, h.core.readyJobs("ocr"));
    }

    @Test
    void aPausedDagEndsWhenItsLastRunningJobFinishesAndALateResumeIsIgnored()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        h.pauseDag(dagId, true);
        h.succeed(h.outstanding("a"));
        assertEquals(DagState.SUCCEEDED, h.journaledDagStates.get(dagId), "the end replaces PAUSED");
        assertEquals(0, h.core.activeDagCount());
        h.pauseDag(dagId, false);
        assertEquals(DagState.SUCCEEDED, h.journaledDagStates.get(dagId));
    }

    @Test
    void aParkedJobPastItsHardDeadlineExpiresAndThePausedDagFails()
    {
        h.register(7, Map.of("ocr", 1));
        final CoreHarness.Dispatch x = dispatchOf(h.submit(job("x", "ocr", 0)), "x");
        final long dagId = h.submit(CoreHarness.timed("t", 500, 0));
        h.pauseDag(dagId, true);
        h.succeed(x); // t parked
        assertEquals(0, h.core.readyJobs("ocr"));
        h.advance(600);
        assertEquals(JobState.EXPIRED, h.journaled(dagId, 0));
        assertEquals(DagState.FAILED, h.journaledDagStates.get(dagId));
        assertEquals(0, h.core.activeDagCount());
    }

    private CoreHarness.Dispatch dispatchOf(final long dagId, final String jobId)
    {
        final CoreHarness.Dispatch d = h.outstanding(jobId);
        assertEquals(dagId, d.dagId());
        return d;
    }
}
