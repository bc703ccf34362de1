package io.weft.scheduler.core;

import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.weft.scheduler.core.CoreHarness.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new owner carrying on from the grid: what was ready runs, what was leased is kept for its executor to report
 * under the old token, what nobody reports expires and retries under a newer token, and an old owner that the
 * grid fences off lets nothing out.
 */
class TakeoverTest
{
    private static final long OLD_EPOCH = 3;
    private static final long NEW_EPOCH = 4;
    private static final long OLD_TOKEN = (OLD_EPOCH << SchedulerContext.TOKEN_COUNTER_BITS) + 17;
    private static final long DAG_ID = 900;

    private final CoreHarness h = new CoreHarness(0);

    /** done (succeeded) -> leased (on executor 7) -> after; queued is ready; both classes ocr. */
    private static AdoptedDag midFlight(final boolean cancelled)
    {
        final DagPlan plan = new DagValidator().validate(new DagSpec("mid-flight", List.of(
            job("done", "ocr", 0), job("leased", "ocr", 0, "done"), job("after", "ocr", 0, "leased"), job("queued", "ocr", 0))));
        final int n = 4;
        final long t0 = 1_000_000 - 5_000;
        return new AdoptedDag(DAG_ID, plan, t0, DagState.RUNNING, cancelled,
            new JobState[] {JobState.SUCCEEDED, JobState.RUNNING, JobState.WAITING, JobState.READY},
            new int[] {1, 1, 0, 0},
            new long[] {OLD_TOKEN - 1, OLD_TOKEN, 0, 0},
            new long[] {7, 7, 0, 0},
            new long[] {t0, t0 + 100, 0, t0},
            new long[] {t0, t0 + 200, 0, 0},
            new long[] {t0, t0 + 300, 0, 0},
            new long[] {t0 + 100, 0, 0, 0},
            new String[n]);
    }

    @Test
    void aNodeThatOwnsNothingRefusesWork()
    {
        final long dagId = h.submit(job("a", "ocr", 0));
        assertTrue(h.timeline.contains("nack " + dagId), h.timeline.toString());
        assertTrue(h.dispatches.isEmpty());
    }

    @Test
    void readyWorkRunsAndALeaseReportedUnderItsOldTokenIsAccepted()
    {
        h.takeOver(NEW_EPOCH);
        h.adopt(midFlight(false));
        assertEquals(1, h.core.readyJobs("ocr"));
        assertEquals(1, h.counters.leasesAdopted());

        h.register(7, Map.of("ocr", 2));
        assertEquals(2, h.core.usedSlots("ocr"), "the adopted lease holds one of the two slots, the queued job the other");
        final CoreHarness.Dispatch queued = h.outstanding("queued");
        assertTrue(queued.token() > (NEW_EPOCH << SchedulerContext.TOKEN_COUNTER_BITS), "new leases carry the new epoch");
        assertTrue(queued.token() > OLD_TOKEN);

        h.renewWithToken(7, DAG_ID, 1, OLD_TOKEN);
        h.succeedWithToken(7, DAG_ID, 1, OLD_TOKEN);
        assertEquals(JobState.SUCCEEDED, h.journaled(DAG_ID, 1), "the old owner's lease is still the current one");
        assertEquals(0, h.counters.staleCallbacks());
        h.succeed(h.outstanding("after"));
        h.succeed(queued);
        assertEquals(DagState.SUCCEEDED, h.journaledDagStates.get(DAG_ID));
        assertEquals(0, h.core.usedSlots("ocr"));
    }

    @Test
    void aLeaseNobodyReportsExpiresAndRetriesUnderANewerToken()
    {
        h.takeOver(NEW_EPOCH);
        h.adopt(midFlight(false));
        h.advance(CoreHarness.LEASE_TIMEOUT_MS + 20);
        assertEquals(1, h.counters.leasesExpired());
        assertEquals(JobState.RETRY_WAIT, h.journaled(DAG_ID, 1));
        h.register(8, Map.of("ocr", 2));
        h.advance(1_000);
        final CoreHarness.Dispatch retry = h.outstanding("leased");
        assertEquals(2, retry.attempt());
        assertTrue(retry.token() > OLD_TOKEN);
        h.succeedWithToken(7, DAG_ID, 1, OLD_TOKEN);
        assertEquals(1, h.counters.staleCallbacks(), "the expired lease's late success is refused");
    }

    @Test
    void aLeaseItsExecutorDoesNotListInItsFirstHeartbeatRetriesAtOnce()
    {
        h.takeOver(NEW_EPOCH);
        h.adopt(midFlight(false));
        h.register(7, Map.of("ocr", 2));
        h.heartbeat(7); // the first heartbeat after registering lists no lease: the executor does not hold it
        assertEquals(0, h.counters.adoptedLeasesDropped(), "decided only once the first heartbeat's list is complete");
        h.heartbeat(7);
        assertEquals(1, h.counters.adoptedLeasesDropped());
        assertEquals(JobState.RETRY_WAIT, h.journaled(DAG_ID, 1));
        assertEquals(0, h.counters.leasesExpired(), "well before the lease timeout");
    }

    @Test
    void aRetryLeasedToTheSameExecutorAfterAnAdoptedLeaseExpiredIsNotRevokedAtItsSecondHeartbeat()
    {
        // Found by the simulation: the adopted lease's "awaiting report" mark outlived it and revoked the next lease.
        h.takeOver(NEW_EPOCH);
        h.adopt(midFlight(false));
        h.advance(CoreHarness.LEASE_TIMEOUT_MS + 20);
        assertEquals(JobState.RETRY_WAIT, h.journaled(DAG_ID, 1));
        h.register(7, Map.of("ocr", 2));
        h.advance(1_000);
        final CoreHarness.Dispatch retry = h.outstanding("leased");
        h.heartbeat(7);
        h.heartbeat(7);
        assertEquals(0, h.counters.adoptedLeasesDropped(), "the retry's lease was issued here, not adopted");
        h.succeed(retry);
        assertEquals(JobState.SUCCEEDED, h.journaled(DAG_ID, 1));
    }

    @Test
    void aFencedBatchSendsNoCancel()
    {
        h.takeOver(NEW_EPOCH);
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        assertEquals(1, h.dispatches.size());
        h.fenceJournal = true;
        h.cancel(dagId, -1);
        assertEquals(1, h.counters.fencedBatches());
        assertTrue(h.cancels.isEmpty(), "a stop waits for its batch to be durable; a fenced batch's never leaves: " + h.cancels);
    }

    @Test
    void aLeaseItsExecutorListsIsKept()
    {
        h.takeOver(NEW_EPOCH);
        h.adopt(midFlight(false));
        h.register(7, Map.of("ocr", 2));
        h.heartbeat(7);
        h.renewWithToken(7, DAG_ID, 1, OLD_TOKEN);
        h.heartbeat(7);
        assertEquals(0, h.counters.adoptedLeasesDropped());
        assertEquals(null, h.journaled(DAG_ID, 1), "the adopted lease stands: nothing about it changed");
        h.succeedWithToken(7, DAG_ID, 1, OLD_TOKEN);
        assertEquals(JobState.SUCCEEDED, h.journaled(DAG_ID, 1));
    }

    @Test
    void aCancelledDagIsFinishedCancellingByItsNewOwner()
    {
        h.takeOver(NEW_EPOCH);
        h.register(7, Map.of("ocr", 2));
        h.adopt(midFlight(true));
        assertEquals(JobState.CANCELLED, h.journaled(DAG_ID, 3));
        assertEquals(List.of(DAG_ID + "/1@" + OLD_TOKEN), h.cancels, "the executor of the adopted lease is told to stop");
        assertTrue(h.dispatches.isEmpty());
    }

    @Test
    void aFencedBatchLetsNothingOutAndRefusesWhatFollows()
    {
        h.takeOver(NEW_EPOCH);
        h.register(7, Map.of("ocr", 1));
        h.fenceJournal = true;
        final long dagId = h.submit(job("a", "ocr", 0));
        assertTrue(h.dispatches.isEmpty(), "no dispatch leaves a fenced batch");
        assertTrue(h.timeline.contains("nack " + dagId), h.timeline.toString());
        assertEquals(1, h.counters.fencedBatches());
        assertEquals(1, h.counters.fencedDispatches());
        assertEquals(1, h.fencedCalls);
        assertEquals(NEW_EPOCH, h.fencedEpoch, "the report names the term that was fenced, so a newer term ignores it");

        h.fenceJournal = false;
        final long next = h.submit(job("b", "ocr", 0));
        assertTrue(h.timeline.contains("nack " + next), "a fenced core refuses until it takes over again");
        h.takeOver(NEW_EPOCH + 1);
        h.register(7, Map.of("ocr", 1));
        h.submit(job("c", "ocr", 0));
        assertEquals(NEW_EPOCH + 1, h.outstanding("c").token() >>> SchedulerContext.TOKEN_COUNTER_BITS);
    }

    @Test
    void steppingDownForgetsEverything()
    {
        h.takeOver(NEW_EPOCH);
        h.register(7, Map.of("ocr", 1));
        h.submit(job("a", "ocr", 0), job("b", "ocr", 0));
        h.stepDown();
        assertEquals(0, h.core.activeDagCount());
        assertEquals(0, h.core.readyJobs("ocr"));
        assertEquals(0, h.core.pendingTimers());
    }

    /**
     * Found by SimulationTest (seed 2, once owner crashes were simulated): a DAG cancel that only asks running jobs
     * to stop changed no DAG state, so its flag never reached the journal; a new owner then ran the DAG on.
     */
    @Test
    void aDagCancelIsJournaledEvenWhileItsJobsAreStillRunning()
    {
        h.takeOver(NEW_EPOCH);
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0));
        h.started(h.outstanding("a"));
        h.cancel(dagId, -1);
        assertEquals(Boolean.TRUE, h.journaledDagCancelled.get(dagId), "a new owner must know the DAG was cancelled");
    }

    /**
     * Found by SimulationTest (seed 9): a cancel of one running job was only remembered in memory until its executor
     * answered, so a new owner retried the job. The request is journaled with the job and adopted with it.
     */
    @Test
    void aJobCancelOfARunningJobSurvivesATakeover()
    {
        final CoreHarness.Dispatch running = leaseAndCancelRunningJob();
        assertTrue(h.journaledCancelRequested.getOrDefault(CoreHarness.key(running.dagId(), 0), false),
            "the request is durable with the job");

        final CoreHarness next = new CoreHarness(0);
        next.takeOver(NEW_EPOCH + 1);
        next.adopt(adoptedFrom(h, running.dagId()));
        assertTrue(next.cancels.contains(running.dagId() + "/0@" + running.token()), "the new owner asks the executor again");
        next.advance(CoreHarness.LEASE_TIMEOUT_MS + 20);
        assertEquals(JobState.CANCELLED, next.journaled(running.dagId(), 0), "ended cancelled, not retried");
        assertTrue(next.dispatches.isEmpty());
    }

    private CoreHarness.Dispatch leaseAndCancelRunningJob()
    {
        h.takeOver(NEW_EPOCH);
        h.register(7, Map.of("ocr", 1));
        final long dagId = h.submit(job("a", "ocr", 0), job("b", "llm", 0));
        final CoreHarness.Dispatch running = h.outstanding("a");
        h.started(running);
        h.cancel(dagId, 0);
        return running;
    }

    /** The DAG as the journal of {@code from} holds it: what a new owner reads back from the grid. */
    private static AdoptedDag adoptedFrom(final CoreHarness from, final long dagId)
    {
        final DagPlan plan = new DagValidator().validate(new DagSpec("dag-" + dagId, List.of(job("a", "ocr", 0), job("b", "llm", 0))));
        final JobState[] states = {from.journaled(dagId, 0), from.journaled(dagId, 1)};
        final CoreHarness.Dispatch a = from.dispatches.get(0);
        return new AdoptedDag(dagId, plan, 1_000_000, DagState.RUNNING, false, states, new int[] {1, 0},
            new long[] {a.token(), 0}, new long[] {7, 0}, new long[2], new long[2], new long[2], new long[2], new String[2],
            new boolean[] {from.journaledCancelRequested.getOrDefault(CoreHarness.key(dagId, 0), false), false});
    }
}
