package io.weft.scheduler.core;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerQueueTest
{
    private static final int JOBS = 2_000;

    private static DagRun run()
    {
        final List<JobSpec> jobs = new ArrayList<>(JOBS);
        for (int i = 0; i < JOBS; i++)
        {
            jobs.add(new JobSpec("j" + i, "c", 0, null, null));
        }
        return new DagRun(1, new DagValidator(16, JOBS).validate(new DagSpec("d", jobs)), new ClassQueue[JOBS], 0, 0);
    }

    @Test
    void firesInDueOrderAndRemovedLeaseTimersNeverFire()
    {
        final DagRun run = run();
        final TimerQueue timers = new TimerQueue();
        final Random random = new Random(7);
        // due time -> job, for the lease-check timers still armed; a job has at most one.
        final TreeMap<Long, Integer> armed = new TreeMap<>();
        for (int job = 0; job < JOBS; job++)
        {
            final long due = job * 10L + random.nextInt(5);
            timers.schedule(due, TimerQueue.LEASE_CHECK, run, job, job);
            armed.put(due, job);
        }
        for (int i = 0; i < JOBS / 2; i++)
        {
            final int job = random.nextInt(JOBS);
            final boolean wasArmed = armed.containsValue(job);
            assertEquals(wasArmed, timers.remove(run, job, TimerQueue.LEASE_CHECK));
            armed.values().remove(job);
            assertFalse(timers.remove(run, job, TimerQueue.LEASE_CHECK), "removed once");
        }
        assertEquals(armed.size(), timers.size());

        long last = Long.MIN_VALUE;
        while (timers.pollDue(Long.MAX_VALUE))
        {
            final var expected = armed.pollFirstEntry();
            assertEquals((int)expected.getValue(), timers.polledJob());
            assertTrue(expected.getKey() >= last);
            last = expected.getKey();
            assertEquals(DagRun.NO_TIMER, run.leaseTimerSlots[timers.polledJob()]);
        }
        assertTrue(armed.isEmpty());
    }
}
