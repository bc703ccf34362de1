package io.weft.scheduler.core;

import java.util.Arrays;

/**
 * Ready jobs of one executor class, best first: higher rank (see {@link FrontierRanking}), then older (lower ready
 * sequence). A binary heap
 * over parallel arrays, so push, pop and remove are O(log n) and move primitives, never allocate per job. Each
 * job's position is kept in its {@link ClassRun} so a cancelled or expired job can be taken out from the middle.
 */
final class ReadyFrontier
{
    private static final int INITIAL_CAPACITY = 64;

    private ClassRun[] runs = new ClassRun[INITIAL_CAPACITY];
    private int[] jobIndexes = new int[INITIAL_CAPACITY];
    private long[] ranks = new long[INITIAL_CAPACITY];
    private long[] sequences = new long[INITIAL_CAPACITY];
    private int size;

    // The head, copied out by poll() so callers read it without a result object.
    private ClassRun polledRun;
    private int polledJobIndex;
    private long polledRank;
    private long polledSequence;

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    void push(final ClassRun run, final int jobIndex, final long rank, final long sequence)
    {
        if (size == runs.length)
        {
            grow();
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!before(rank, sequence, ranks[parent], sequences[parent]))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, run, jobIndex, rank, sequence);
    }

    /** Removes the best job; read it with {@link #polledRun()} and {@link #polledJobIndex()}. */
    boolean poll()
    {
        if (size == 0)
        {
            return false;
        }
        polledRun = runs[0];
        polledJobIndex = jobIndexes[0];
        polledRank = ranks[0];
        polledSequence = sequences[0];
        polledRun.frontierSlots[polledJobIndex] = ClassRun.NOT_IN_FRONTIER;
        removeAt(0);
        return true;
    }

    /** Takes a job out of the frontier wherever it is; false if it was not in it. */
    boolean remove(final ClassRun run, final int jobIndex)
    {
        final int slot = run.frontierSlots[jobIndex];
        if (slot == ClassRun.NOT_IN_FRONTIER)
        {
            return false;
        }
        run.frontierSlots[jobIndex] = ClassRun.NOT_IN_FRONTIER;
        removeAt(slot);
        return true;
    }

    private void removeAt(final int slot)
    {
        final int last = --size;
        final ClassRun lastRun = runs[last];
        final int lastJob = jobIndexes[last];
        final long lastRank = ranks[last];
        final long lastSequence = sequences[last];
        runs[last] = null;
        if (slot == last)
        {
            return;
        }

        int i = slot;
        // The moved element may belong above the hole (when removing from the middle) or below it.
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!before(lastRank, lastSequence, ranks[parent], sequences[parent]))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        final int half = size >>> 1;
        while (i < half)
        {
            int child = (i << 1) + 1;
            final int right = child + 1;
            if (right < size && before(ranks[right], sequences[right], ranks[child], sequences[child]))
            {
                child = right;
            }
            if (!before(ranks[child], sequences[child], lastRank, lastSequence))
            {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, lastRun, lastJob, lastRank, lastSequence);
    }

    ClassRun polledRun()
    {
        return polledRun;
    }

    int polledJobIndex()
    {
        return polledJobIndex;
    }

    long polledRank()
    {
        return polledRank;
    }

    long polledSequence()
    {
        return polledSequence;
    }

    long peekRank()
    {
        return ranks[0];
    }

    private static boolean before(final long rankA, final long sequenceA, final long rankB, final long sequenceB)
    {
        return rankA > rankB || (rankA == rankB && sequenceA < sequenceB);
    }

    private void move(final int from, final int to)
    {
        set(to, runs[from], jobIndexes[from], ranks[from], sequences[from]);
    }

    private void set(final int i, final ClassRun run, final int jobIndex, final long rank, final long sequence)
    {
        runs[i] = run;
        run.frontierSlots[jobIndex] = i;
        jobIndexes[i] = jobIndex;
        ranks[i] = rank;
        sequences[i] = sequence;
    }

    private void grow()
    {
        final int capacity = runs.length * 2;
        runs = Arrays.copyOf(runs, capacity);
        jobIndexes = Arrays.copyOf(jobIndexes, capacity);
        ranks = Arrays.copyOf(ranks, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
    }
}
