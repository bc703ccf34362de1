package io.weft.scheduler.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Holds every message between the core's DAG side and class side until the core flushes, then delivers them in a
 * random order, some twice, as a link between nodes may: nothing sent between two flushes is ordered. Messages a
 * delivery sends wait for the next flush. With a break rate, a flush may instead lose everything held, as a
 * connection that breaks does, and report it. With a hold rate, a whole batch of the core may pass with nothing
 * delivered, as a link between nodes is slower than a core's batch: what the two sides sent then waits for a later
 * batch, and each side acts on the other's answers batches after it asked.
 */
final class ReorderingOwnerLink extends FaultyOwnerLink
{
    private final SplittableRandom random;
    private final double duplicateRate;
    private final double breakRate;
    private final Runnable onBreak;
    private final double holdRate;
    /** Told of every refusal the class side sends, so a test can tell a lease refused there from one lost. */
    private final LongConsumer onRefused;
    private List<Runnable> held = new ArrayList<>();
    private boolean lost;
    private boolean holding;
    long breaks;
    long heldBatches;
    long reordered;
    long duplicates;

    ReorderingOwnerLink(
        final OwnerLink delegate, final SplittableRandom random, final double duplicateRate, final double breakRate, final Runnable onBreak)
    {
        this(delegate, random, duplicateRate, breakRate, 0.0, onBreak, token -> { });
    }

    ReorderingOwnerLink(
        final OwnerLink delegate,
        final SplittableRandom random,
        final double duplicateRate,
        final double breakRate,
        final double holdRate,
        final Runnable onBreak,
        final LongConsumer onRefused)
    {
        super(delegate);
        this.holdRate = holdRate;
        this.onRefused = onRefused;
        this.random = random;
        this.duplicateRate = duplicateRate;
        this.breakRate = breakRate;
        this.onBreak = onBreak;
    }

    @Override
    public boolean lostMessages()
    {
        final boolean wasLost = lost;
        lost = false;
        return wasLost;
    }

    /** The core's batch ended: the next one delivers nothing, at the hold rate. */
    void batchEnded()
    {
        holding = holdRate > 0 && random.nextDouble() < holdRate;
        if (holding && !held.isEmpty())
        {
            heldBatches++;
        }
    }

    /** Nothing is on its way between the two sides. */
    boolean quiet()
    {
        return held.isEmpty();
    }

    @Override
    public boolean flush()
    {
        if (!held.isEmpty() && !holding && holdRate > 0 && random.nextDouble() < holdRate / 2)
        {
            // The link stalls mid-batch too: a request delivered this batch gets its answer in a later one.
            holding = true;
            heldBatches++;
        }
        if (held.isEmpty() || holding)
        {
            return false;
        }
        final List<Runnable> batch = held;
        held = new ArrayList<>();
        if (breakRate > 0 && random.nextDouble() < breakRate)
        {
            breaks++;
            lost = true;
            onBreak.run();
            return false;
        }
        final int n = batch.size();
        for (int i = 0; i < n; i++)
        {
            if (random.nextDouble() < duplicateRate)
            {
                batch.add(batch.get(i));
                duplicates++;
            }
        }
        for (int i = batch.size() - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            if (j != i)
            {
                reordered++;
                final Runnable swap = batch.get(i);
                batch.set(i, batch.get(j));
                batch.set(j, swap);
            }
        }
        for (final Runnable message : batch)
        {
            message.run();
        }
        return true;
    }

    @Override
    public void jobReady(final DagRun run, final int jobIndex, final long readyAtEpochMs, final long endedToken, final long endedInstanceId)
    {
        held.add(() -> delegate.jobReady(run, jobIndex, readyAtEpochMs, endedToken, endedInstanceId));
    }

    @Override
    public void dagFinished(final DagRun run)
    {
        held.add(() -> delegate.dagFinished(run));
    }

    @Override
    public void withdraw(final DagRun run, final int jobIndex)
    {
        held.add(() -> delegate.withdraw(run, jobIndex));
    }

    @Override
    public void dagPaused(final DagRun run, final int version)
    {
        held.add(() -> delegate.dagPaused(run, version));
    }

    @Override
    public void dagResumed(final DagRun run, final int version)
    {
        held.add(() -> delegate.dagResumed(run, version));
    }

    @Override
    public void leaseGranted(final DagRun run, final int jobIndex, final long requestId, final long token, final int attempt, final long instanceId)
    {
        held.add(() -> delegate.leaseGranted(run, jobIndex, requestId, token, attempt, instanceId));
    }

    @Override
    public void leaseDenied(final DagRun run, final int jobIndex, final long requestId, final long instanceId, final long readyAtEpochMs)
    {
        held.add(() -> delegate.leaseDenied(run, jobIndex, requestId, instanceId, readyAtEpochMs));
    }

    @Override
    public void leaseEnded(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        held.add(() -> delegate.leaseEnded(run, jobIndex, token, instanceId));
    }

    @Override
    public void stopLease(final DagRun run, final int jobIndex, final long token, final long instanceId)
    {
        held.add(() -> delegate.stopLease(run, jobIndex, token, instanceId));
    }

    @Override
    public void leaseHeld(final DagRun run, final int jobIndex, final long token, final int attempt, final long instanceId)
    {
        held.add(() -> delegate.leaseHeld(run, jobIndex, token, attempt, instanceId));
    }

    @Override
    public void leaseRequested(final ClassRun run, final int jobIndex, final long instanceId, final long requestId)
    {
        held.add(() -> delegate.leaseRequested(run, jobIndex, instanceId, requestId));
    }

    @Override
    public void dispatchRefused(final ClassRun run, final int jobIndex, final long token, final long nowEpochMs)
    {
        onRefused.accept(token);
        held.add(() -> delegate.dispatchRefused(run, jobIndex, token, nowEpochMs));
    }
}
