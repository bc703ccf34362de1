package io.weft.scheduler.core;

import io.weft.scheduler.api.JobState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.weft.scheduler.core.CoreHarness.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Regression tests for bugs {@link SchedulerSimulation} found, each as a small hand-written scenario. The
 * simulation's default runs cover the same ground at random.
 */
class SimulationReproTest
{
    private final CoreHarness h = new CoreHarness();

    /**
     * The HARD_DEADLINE timer leaves a leased job alone (it has started). If that attempt then ends retryably
     * after the deadline, the job must expire rather than be tried again past it.
     */
    @Test
    void aJobWhoseHardDeadlinePassesWhileLeasedExpiresInsteadOfRetrying()
    {
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(CoreHarness.timed("late", 1_000, 0));
        final CoreHarness.Dispatch first = h.outstanding("late");
        h.advance(1_001);
        h.heartbeat(7);
        assertEquals(JobState.LEASED, h.journaled(dagId, 0), "a job that has started does not expire");

        h.fail(first, true);
        h.advance(1_000); // past any backoff of the test retry policy
        assertEquals(JobState.EXPIRED, h.journaled(dagId, 0), "past its hard deadline the job is not tried again");
        assertEquals(1, h.dispatches.size());
    }


    /**
     * The REST layer checks the grid before accepting a job cancel, but the job can succeed before the cancel
     * reaches the core. A cancel of a job that has already ended changes nothing: in particular its descendants
     * still waiting for other parents run on.
     */
    @Test
    void cancellingAJobThatAlreadySucceededLeavesItsDescendantsAlone()
    {
        h.register(7, Map.of("ocr", 2));
        final long dagId = h.submit(job("a", "ocr", 0), job("b", "ocr", 0), job("c", "ocr", 0, "a", "b"));
        h.succeed(h.outstanding("a"));
        h.cancel(dagId, 0); // accepted while a was running; reaches the core after its success
        assertNull(h.journaled(dagId, 2), "c still waits for b: cancelling a finished job changes nothing");

        h.succeed(h.outstanding("b"));
        h.succeed(h.outstanding("c"));
        assertEquals(1, h.counters.dagsCompleted());
        assertEquals(3, h.counters.jobsSucceeded());
    }

}
