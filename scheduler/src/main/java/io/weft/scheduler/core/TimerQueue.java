package io.weft.scheduler.core;

import java.util.Arrays;

/**
 * Deadlines the core must act on: retry backoffs, lease expiries, run timeouts and hard deadlines. A binary heap
 * by due time over parallel arrays. Timers are never cancelled: each carries the fencing token (or attempt) it
 * was armed for, and the core ignores one whose job has moved on, which keeps cancellation free.
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

        final int last = --size;
        final long dueAt = dueAtMs[last];
        final byte kind = kinds[last];
        final DagRun run = runs[last];
        final int job = jobs[last];
        final long token = tokens[last];
        runs[last] = null;
        if (size > 0)
        {
            int i = 0;
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

    private void set(final int i, final long dueAt, final byte kind, final DagRun run, final int job, final long token)
    {
        dueAtMs[i] = dueAt;
        kinds[i] = kind;
        runs[i] = run;
        jobs[i] = job;
        tokens[i] = token;
    }
}
