package io.weft.scheduler.core;

import io.weft.scheduler.api.JobSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.weft.scheduler.core.CoreHarness.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default planning policy, seen through the order in which a single scarce slot is handed out. */
class SlaFairRankingTest
{
    private final CoreHarness h = new CoreHarness();

    /** Runs every queued job one at a time through one slot and returns the job ids in dispatch order. */
    private List<String> drainOneSlot()
    {
        final List<String> order = new ArrayList<>();
        h.register(7, Map.of("ocr", 1));
        while (!h.outstanding.isEmpty())
        {
            final CoreHarness.Dispatch d = h.dispatches.get(h.dispatches.size() - 1);
            order.add(d.jobId());
            h.succeed(d);
        }
        return order;
    }

    @Test
    void aBigDagCannotStarveAOneJobDagOfEqualPriority()
    {
        final JobSpec[] pages = new JobSpec[1_000];
        for (int i = 0; i < pages.length; i++)
        {
            pages[i] = job("page-" + i, "ocr", 0);
        }
        h.submit(pages);
        h.nowMs[0] += 1;
        h.submit(job("small", "ocr", 0));

        final List<String> order = drainOneSlot();
        assertEquals(1_001, order.size());
        assertTrue(order.indexOf("small") <= 3, "the one-job DAG ran at position " + order.indexOf("small"));
    }

    @Test
    void twoBigDagsShareASlotInTurn()
    {
        final JobSpec[] a = new JobSpec[50];
        final JobSpec[] b = new JobSpec[50];
        for (int i = 0; i < 50; i++)
        {
            a[i] = job("a-" + i, "ocr", 0);
            b[i] = job("b-" + i, "ocr", 0);
        }
        h.submit(a);
        h.submit(b);
        final List<String> first20 = drainOneSlot().subList(0, 20);
        final long fromA = first20.stream().filter(id -> id.startsWith("a-")).count();
        assertEquals(10, fromA, "equal shares: " + first20);
    }

    @Test
    void higherPriorityWinsUntilLowerPriorityWorkHasAgedALevel()
    {
        h.submit(job("old-low", "ocr", 0));
        h.nowMs[0] += 5_000;
        h.submit(job("new-high", "ocr", 1));
        assertEquals(List.of("new-high", "old-low"), drainOneSlot());

        final CoreHarness later = new CoreHarness();
        later.submit(job("old-low", "ocr", 0));
        later.nowMs[0] += 11_000; // a level is worth 10 s of waiting
        later.submit(job("new-high", "ocr", 1));
        later.register(7, Map.of("ocr", 1));
        assertEquals("old-low", later.dispatches.get(0).jobId());
    }

    @Test
    void aJobNearItsDeadlineGoesBeforeOlderWorkWithoutOne()
    {
        h.submit(job("undated", "ocr", 0));
        h.nowMs[0] += 1_000;
        h.submit(new JobSpec("due-soon", "ocr", 0, null, List.of(), CoreHarness.TEST_RETRY, 5_000, 0, 0));
        h.submit(new JobSpec("due-later", "ocr", 0, null, List.of(), CoreHarness.TEST_RETRY, 3_600_000, 0, 0));
        assertEquals(List.of("due-soon", "undated", "due-later"), drainOneSlot());
    }
}
