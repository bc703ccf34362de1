package io.weft.scheduler.core;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadyFrontierTest
{
    private final DagRun run = new DagRun(
        1, new DagValidator().validate(new DagSpec("d", List.of(new JobSpec("a", "c", 0, null, null)))), new ClassQueue[1], 0, 0);

    @Test
    void pollsHigherPriorityFirstThenOlderFirst()
    {
        final ReadyFrontier frontier = new ReadyFrontier();
        frontier.push(run, 0, 1, 1);
        frontier.push(run, 1, 5, 2);
        frontier.push(run, 2, 5, 3);
        frontier.push(run, 3, 9, 4);
        frontier.push(run, 4, 1, 0);

        final int[] expected = {3, 1, 2, 4, 0};
        for (final int job : expected)
        {
            assertTrue(frontier.poll());
            assertEquals(job, frontier.polledJobIndex());
            assertSame(run, frontier.polledRun());
        }
        assertFalse(frontier.poll());
        assertTrue(frontier.isEmpty());
    }

    @Test
    void matchesASortedReferenceUnderRandomPushesAndPolls()
    {
        final Random random = new Random(42);
        final ReadyFrontier frontier = new ReadyFrontier();
        final List<long[]> reference = new ArrayList<>();
        final Comparator<long[]> best = Comparator.<long[]>comparingLong(e -> -e[0]).thenComparingLong(e -> e[1]);
        long sequence = 0;
        for (int step = 0; step < 50_000; step++)
        {
            if (random.nextInt(3) > 0 || reference.isEmpty())
            {
                final int priority = random.nextInt(20);
                final long seq = ++sequence;
                frontier.push(run, (int)seq, priority, seq);
                reference.add(new long[] {priority, seq});
            }
            else
            {
                reference.sort(best);
                final long[] expected = reference.remove(0);
                assertTrue(frontier.poll());
                assertEquals((int)expected[1], frontier.polledJobIndex(), "step " + step);
            }
            assertEquals(reference.size(), frontier.size());
        }
    }
}
