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
    private static final int JOBS = 60_000;
    private final ClassRun run = new DagRun(1, new DagValidator(16, JOBS).validate(new DagSpec("d", jobs())), new ClassQueue[JOBS], 0, 0).classSide;

    private static List<JobSpec> jobs()
    {
        final List<JobSpec> jobs = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++)
        {
            jobs.add(new JobSpec("j" + i, "c", 0, null, null));
        }
        return jobs;
    }

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
            final int action = random.nextInt(6);
            if (action == 0 && !reference.isEmpty())
            {
                final long[] victim = reference.remove(random.nextInt(reference.size()));
                assertTrue(frontier.remove(run, (int)victim[1]));
                assertFalse(frontier.remove(run, (int)victim[1]), "removed once");
            }
            else if (action < 4 || reference.isEmpty())
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
