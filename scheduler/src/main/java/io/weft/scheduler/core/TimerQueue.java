package io.weft.scheduler.core;

import java.util.Arrays;

/**
 * Deadlines the core must act on: retry backoffs, lease expiries, run timeouts and hard deadlines. A binary heap
 * by due time over parallel arrays. Each timer carries the fencing token it was armed for, and the core ignores
 * one whose job has moved on. The two kinds armed per lease (lease check, run timeout) are also removed when the
 * attempt ends, and a hard deadline when its job ends, through positions kept in the {@link DagRun}: otherwise
 * every finished job would leave a timer behind (and, through it, its whole DAG and payloads) until the timer's
 * due time, and at tens of thousands of jobs a second the heap would hold a million of them.
 */
final class TimerQueue
{
    static final byte RETRY_DUE = 1;
    static final byte LEASE_CHECK = 2;
    static final byte RUN_TIMEOUT = 3;
    static final byte HARD_DEADLINE = 4;

    private long[] dueAtMs = new long[64];
    private byte[] kinds = new byte[64];
    private DagRun[] runs = new DagRun[64];
    private int[] jobs = new int[64];
    private long[] tokens = new long[64];
    private int size;

    private byte polledKind;
    private DagRun polledRun;
    private int polledJob;
    private long polledToken;

    int size()
    {
        return size;
    }

    void schedule(final long dueAt, final byte kind, final DagRun run, final int job, final long token)
    {
        if (size == dueAtMs.length)
        {
            final int capacity = size * 2;
            dueAtMs = Arrays.copyOf(dueAtMs, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            runs = Arrays.copyOf(runs, capacity);
            jobs = Arrays.copyOf(jobs, capacity);
            tokens = Arrays.copyOf(tokens, capacity);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (dueAtMs[parent] <= dueAt)
            {
                break;
            }
            copy(parent, i);
            i = parent;
        }
        set(i, dueAt, kind, run, job, token);
    }

    /** Removes the earliest timer if it is due at {@code nowMs}; read it through the polled accessors. */
    boolean pollDue(final long nowMs)
    {
        if (size == 0 || dueAtMs[0] > nowMs)
        {
            return false;
        }
        polledKind = kinds[0];
        polledRun = runs[0];
        polledJob = jobs[0];
        polledToken = tokens[0];
        final int[] slots = slotsOf(polledRun, polledKind);
        if (slots != null)
        {
            slots[polledJob] = DagRun.NO_TIMER;
        }
        removeAt(0);
        return true;
    }

    byte polledKind()
    {
        return polledKind;
    }

    DagRun polledRun()
    {
        return polledRun;
    }

    int polledJob()
    {
        return polledJob;
    }

    long polledToken()
    {
        return polledToken;
    }

    private void copy(final int from, final int to)
    {
        set(to, dueAtMs[from], kinds[from], runs[from], jobs[from], tokens[from]);
    }

    /** Removes the job's timer of a kind that keeps its position (all but retries), if armed; false if there was none. */
    boolean remove(final DagRun run, final int job, final byte kind)
    {
        final int[] slots = slotsOf(run, kind);
        final int slot = slots[job];
        if (slot == DagRun.NO_TIMER)
        {
            return false;
        }
        slots[job] = DagRun.NO_TIMER;
        removeAt(slot);
        return true;
    }

    private static int[] slotsOf(final DagRun run, final byte kind)
    {
        return switch (kind)
        {
            case LEASE_CHECK -> run.leaseTimerSlots;
            case RUN_TIMEOUT -> run.runTimerSlots;
            case HARD_DEADLINE -> run.deadlineTimerSlots;
            default -> null;
        };
    }

    private void removeAt(final int slot)
    {
        final int last = --size;
        final long dueAt = dueAtMs[last];
        final byte kind = kinds[last];
        final DagRun run = runs[last];
        final int job = jobs[last];
        final long token = tokens[last];
        runs[last] = null;
        if (slot == last)
        {
            return;
        }
        int i = slot;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (dueAtMs[parent] <= dueAt)
            {
                break;
            }
            copy(parent, i);
            i = parent;
        }
        final int half = size >>> 1;
        while (i < half)
        {
            int child = (i << 1) + 1;
            if (child + 1 < size && dueAtMs[child + 1] < dueAtMs[child])
            {
                child++;
            }
            if (dueAtMs[child] >= dueAt)
            {
                break;
            }
            copy(child, i);
            i = child;
        }
        set(i, dueAt, kind, run, job, token);
    }

    private void set(final int i, final long dueAt, final byte kind, final DagRun run, final int job, final long token)
    {
        final int[] slots = slotsOf(run, kind);
        if (slots != null)
        {
            slots[job] = i;
        }
        dueAtMs[i] = dueAt;
        kinds[i] = kind;
        runs[i] = run;
        jobs[i] = job;
        tokens[i] = token;
    }
}
