package io.weft.scheduler.core;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.LatencyHistory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.weft.scheduler.api.LatencySignal.CALLBACK_TO_RELEASE;
import static io.weft.scheduler.api.LatencySignal.CANDIDATE_PLANNING;
import static io.weft.scheduler.api.LatencySignal.DAG_SUBMIT_TO_TERMINAL;
import static io.weft.scheduler.api.LatencySignal.FRONTIER_WAIT;
import static io.weft.scheduler.api.LatencySignal.HARD_MISS_AT_DISPATCH;
import static io.weft.scheduler.api.LatencySignal.HARD_MISS_AT_FINISH;
import static io.weft.scheduler.api.LatencySignal.HARD_SLACK_AT_DISPATCH;
import static io.weft.scheduler.api.LatencySignal.HARD_SLACK_AT_FINISH;
import static io.weft.scheduler.api.LatencySignal.JOURNAL_WRITE;
import static io.weft.scheduler.api.LatencySignal.LEASE;
import static io.weft.scheduler.api.LatencySignal.READY_TO_DISPATCH;
import static io.weft.scheduler.api.LatencySignal.SLOT_OCCUPANCY;
import static io.weft.scheduler.api.LatencySignal.SLOT_WAIT;
import static io.weft.scheduler.api.LatencySignal.SOFT_MISS_AT_DISPATCH;
import static io.weft.scheduler.api.LatencySignal.SOFT_MISS_AT_FINISH;
import static io.weft.scheduler.api.LatencySignal.SOFT_SLACK_AT_DISPATCH;
import static io.weft.scheduler.api.LatencySignal.SOFT_SLACK_AT_FINISH;
import static io.weft.scheduler.api.LatencySignal.SUBMIT_TO_DISPATCH;
import static io.weft.scheduler.api.LatencySignal.SUBMIT_TO_TERMINAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every latency signal, per class, from a core driven on a manual clock: a two-job chain (ocr then llm) whose
 * timeline is fixed, so each signal has one exact expected value (within the histograms' 1% resolution).
 */
class LatencySignalsTest
{
        @Test
    void eachSignalMeasuresItsStretchOfTheTimelinePerClass()
    {
        final CoreHarness h = new CoreHarness();
        final LatencyHistory history = new LatencyHistory(h.signals, 60_000, () -> h.nowMs[0]);
        h.journalDelayMs = 3;

        h.register(1, Map.of("ocr", 1, "llm", 1));          // nothing to journal
        h.pause("ocr");
        final long submittedAt = h.nowMs[0];
        final long dagId = h.submit(new DagSpec("chain", List.of(
            new JobSpec("a", "ocr", 0, null, List.of(), CoreHarness.TEST_RETRY, 100, 1_000, 0),
            new JobSpec("b", "llm", 0, null, List.of("a"), CoreHarness.TEST_RETRY, 0, 0, 0)), FailurePolicy.CONTINUE));
        assertEquals(submittedAt + 3, h.nowMs[0], "the submission's batch took one journal write");

        h.nowMs[0] = submittedAt + 50;
        h.resume("ocr");                                    // the planner first sees a at +50, leases it, +3 to durable
        final CoreHarness.Dispatch a = h.outstanding("a");

        h.nowMs[0] = submittedAt + 253;
        h.succeedSentAt(a, submittedAt + 246);              // b ready at +253, leased at once, durable at +256
        final CoreHarness.Dispatch b = h.outstanding("b");

        h.nowMs[0] = submittedAt + 356;
        h.succeed(b);
        assertEquals(io.weft.scheduler.api.DagState.SUCCEEDED, h.journaledDagStates.get(dagId));

        expect(history, FRONTIER_WAIT, "ocr", 50);          // paused class: seen when it resumed
        expect(history, FRONTIER_WAIT, "llm", 0);           // planned in the batch it became ready
        expect(history, CANDIDATE_PLANNING, "ocr", 0);      // one decision each; the manual clock stands still inside it
        expect(history, CANDIDATE_PLANNING, "llm", 0);
        expect(history, SLOT_WAIT, "ocr", 50);
        expect(history, SLOT_WAIT, "llm", 0);
        expect(history, LEASE, "ocr", 3);
        expect(history, LEASE, "llm", 3);
        expect(history, READY_TO_DISPATCH, "ocr", 53);
        expect(history, READY_TO_DISPATCH, "llm", 3);
        expect(history, SUBMIT_TO_DISPATCH, "ocr", 53);
        expect(history, SUBMIT_TO_DISPATCH, "llm", 256);
        expect(history, SLOT_OCCUPANCY, "ocr", 203);        // reserved at +50, released at +253
        expect(history, SLOT_OCCUPANCY, "llm", 103);        // reserved at +253, released at +356
        expect(history, CALLBACK_TO_RELEASE, "ocr", 7);     // sent at +246 by the executor's clock
        expect(history, CALLBACK_TO_RELEASE, "llm", 0);
        expect(history, SUBMIT_TO_TERMINAL, "ocr", 253);
        expect(history, SUBMIT_TO_TERMINAL, "llm", 356);
        expect(history, SOFT_SLACK_AT_DISPATCH, "ocr", 47); // soft deadline +100, dispatched at +53
        expect(history, SOFT_MISS_AT_DISPATCH, "ocr");
        expect(history, HARD_SLACK_AT_DISPATCH, "ocr", 947);
        expect(history, HARD_MISS_AT_DISPATCH, "ocr");
        expect(history, SOFT_SLACK_AT_FINISH, "ocr");
        expect(history, SOFT_MISS_AT_FINISH, "ocr", 146);   // finished at +246 by the executor's clock
        expect(history, HARD_SLACK_AT_FINISH, "ocr", 754);
        expect(history, HARD_MISS_AT_FINISH, "ocr");
        expect(history, SOFT_SLACK_AT_DISPATCH, "llm");     // no deadlines, no SLA samples
        expect(history, DAG_SUBMIT_TO_TERMINAL, null, 356);

        // All classes together are the sum of the classes: histograms add.
        expect(history, SLOT_OCCUPANCY, null, 103, 203);
        final long journalWrites = history.query(JOURNAL_WRITE, null, 0).histogram().getTotalCount();
        assertEquals(4, journalWrites, "submit, resume, a's success, b's success: one batch each");
        expectAll(history, JOURNAL_WRITE, 3, 4);
    }

    @Test
    void aWindowHoldsOnlyTheIntervalsInsideItAndSaysHowMuchTimeTheyCover()
    {
        final CoreHarness h = new CoreHarness();
        final LatencyHistory history = new LatencyHistory(h.signals, 60_000, () -> h.nowMs[0]);
        h.register(1, Map.of("ocr", 1));

        h.submit(CoreHarness.job("first", "ocr", 0));
        h.nowMs[0] += 400;
        h.succeed(h.outstanding("first"));
        h.nowMs[0] += 600;
        history.roll();                                     // interval 1: T0 .. T0+1000, one release

        h.submit(CoreHarness.job("second", "ocr", 0));
        h.nowMs[0] += 100;
        h.succeed(h.outstanding("second"));
        h.nowMs[0] += 900;
        history.roll();                                     // interval 2: +1000 .. +2000, one release
        h.nowMs[0] += 500;                                  // the open interval: +2000 .. +2500

        final var lastSecond = history.query(SLOT_OCCUPANCY, "ocr", 1_500);
        assertEquals(1, lastSecond.histogram().getTotalCount(), "interval 2 lies inside the last 1.5 s, interval 1 does not");
        assertEquals(1_500, lastSecond.coveredMs(), "interval 2 and the open half second");
        expectValues(lastSecond.histogram(), 100);
        assertEquals(0, history.query(SLOT_OCCUPANCY, "ocr", 1_200).histogram().getTotalCount(),
            "a window is built from whole intervals: interval 2 began before the last 1.2 s");

        final var sinceStart = history.query(SLOT_OCCUPANCY, "ocr", 0);
        assertEquals(2_500, sinceStart.coveredMs());
        expectValues(sinceStart.histogram(), 100, 400);
        assertEquals(2 * 3_600_000.0 / 2_500, sinceStart.perHour(), 1e-9);
    }

    private static void expect(final LatencyHistory history, final LatencySignal signal, final String executorClass, final long... ms)
    {
        final Histogram histogram = history.query(signal, executorClass, 0).histogram();
        assertEquals(ms.length, histogram.getTotalCount(), signal.signalName() + " " + executorClass + ": samples");
        expectValues(histogram, ms);
    }

    private static void expectAll(final LatencyHistory history, final LatencySignal signal, final long ms, final int count)
    {
        final long[] values = new long[count];
        Arrays.fill(values, ms);
        expect(history, signal, null, values);
    }

    private static void expectValues(final Histogram histogram, final long... ms)
    {
        final List<Long> recorded = new ArrayList<>();
        for (final HistogramIterationValue value : histogram.recordedValues())
        {
            for (long i = 0; i < value.getCountAtValueIteratedTo(); i++)
            {
                recorded.add(histogram.lowestEquivalentValue(value.getValueIteratedTo()));
            }
        }
        final List<Long> expected = new ArrayList<>();
        for (final long m : ms)
        {
            expected.add(histogram.lowestEquivalentValue(m * 1_000_000L));
        }
        expected.sort(Long::compare);
        assertEquals(expected, recorded, "values (lowest equivalent, ns)");
    }
}
