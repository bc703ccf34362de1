package io.weft.scheduler;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Configuration of one node's scheduler, with defaults that run on a laptop. Call {@link #conclude()} (the
 * {@link Scheduler} does) to fill what is left unset and reject what cannot work.
 */
public final class SchedulerContext
{
    private int ringSize = 64 * 1024;
    private long heartbeatTimeoutMs = 5_000;
    private long housekeepingIntervalMs = 10;
    private long leaseTimeoutMs = 15_000;
    private int maxResultBytes = 64 * 1024;
    private long finishedRetentionMs = 3_600_000;
    private long maxFinishedJobs = 1_000_000;
    private long maxFinishedDags = 200_000;
    private long randomSeed = System.nanoTime();
    private EpochClock epochClock;
    private NanoClock nanoClock;
    private LongSupplier dagIdSupplier;
    private long ownerEpoch = 1;
    private LongConsumer onFenced = epoch -> { };

    public SchedulerContext conclude()
    {
        if (Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ringSize must be a power of two: " + ringSize);
        }
        if (heartbeatTimeoutMs <= 0 || housekeepingIntervalMs <= 0 || leaseTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("timeouts and intervals must be positive");
        }
        if (ownerEpoch < 0 || ownerEpoch > MAX_OWNER_EPOCH)
        {
            throw new IllegalArgumentException("ownerEpoch must be in 0.." + MAX_OWNER_EPOCH + ": " + ownerEpoch);
        }
        if (finishedRetentionMs < 0 || maxFinishedJobs < 0 || maxFinishedDags < 0)
        {
            throw new IllegalArgumentException("finishedRetentionMs, maxFinishedJobs and maxFinishedDags must not be negative");
        }
        if (maxResultBytes < 0)
        {
            throw new IllegalArgumentException("maxResultBytes must not be negative: " + maxResultBytes);
        }
        if (epochClock == null)
        {
            epochClock = SystemEpochClock.INSTANCE;
        }
        if (nanoClock == null)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        if (dagIdSupplier == null)
        {
            // Only for tests and tools; a node supplies cluster-unique ids from the grid.
            final long base = ThreadLocalRandom.current().nextLong(1L << 40) << 20;
            final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(base);
            dagIdSupplier = next::incrementAndGet;
        }
        return this;
    }

    /** Leases issued under one owner epoch: the low bits of a fencing token. */
    public static final int TOKEN_COUNTER_BITS = 40;
    public static final long MAX_OWNER_EPOCH = (1L << (63 - TOKEN_COUNTER_BITS)) - 1;

    /**
     * The owner epoch this scheduler starts under, raised in the grid by every new owner. A fencing token is the
     * epoch in its high bits and a counter in its low bits, so tokens grow across owners with no clock in them.
     * 0 means it starts owning nothing and waits to be told it took over (a node in a cluster); the default, 1,
     * suits a scheduler that is alone by construction (tests, tools).
     */
    public long ownerEpoch()
    {
        return ownerEpoch;
    }

    public SchedulerContext ownerEpoch(final long ownerEpoch)
    {
        this.ownerEpoch = ownerEpoch;
        return this;
    }

    /**
     * Called once per fenced term, on the core's thread, with the owner epoch of the term a newer owner fenced off:
     * the report can reach the node after it has already stepped down and taken a newer term, which it must not end.
     */
    public LongConsumer onFenced()
    {
        return onFenced;
    }

    public SchedulerContext onFenced(final LongConsumer onFenced)
    {
        this.onFenced = onFenced;
        return this;
    }

    public int ringSize()
    {
        return ringSize;
    }

    public SchedulerContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    public long heartbeatTimeoutMs()
    {
        return heartbeatTimeoutMs;
    }

    public SchedulerContext heartbeatTimeoutMs(final long heartbeatTimeoutMs)
    {
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        return this;
    }

    public long housekeepingIntervalMs()
    {
        return housekeepingIntervalMs;
    }

    public SchedulerContext housekeepingIntervalMs(final long housekeepingIntervalMs)
    {
        this.housekeepingIntervalMs = housekeepingIntervalMs;
        return this;
    }

    /** How long a lease lives without renewal; executors renew theirs with every heartbeat. */
    public long leaseTimeoutMs()
    {
        return leaseTimeoutMs;
    }

    public SchedulerContext leaseTimeoutMs(final long leaseTimeoutMs)
    {
        this.leaseTimeoutMs = leaseTimeoutMs;
        return this;
    }

    /**
     * The largest job result kept with the job; a larger one is counted and dropped (the job still succeeds), so
     * one chatty executor cannot bloat the grid's run records. 0 keeps none.
     */
    public int maxResultBytes()
    {
        return maxResultBytes;
    }

    public SchedulerContext maxResultBytes(final int maxResultBytes)
    {
        this.maxResultBytes = maxResultBytes;
        return this;
    }

    /**
     * How long finished work is kept: a finished DAG's records in the grid, and its reference key (so resubmitting
     * it stays a duplicate). 0 keeps them for ever.
     */
    public long finishedRetentionMs()
    {
        return finishedRetentionMs;
    }

    public SchedulerContext finishedRetentionMs(final long finishedRetentionMs)
    {
        this.finishedRetentionMs = finishedRetentionMs;
        return this;
    }

    /**
     * At most this many jobs of finished DAGs are kept (counted by whole DAGs, oldest finished go first), whatever
     * their age, so a fast node's memory stays bounded. 0: no limit by count.
     */
    public long maxFinishedJobs()
    {
        return maxFinishedJobs;
    }

    public SchedulerContext maxFinishedJobs(final long maxFinishedJobs)
    {
        this.maxFinishedJobs = maxFinishedJobs;
        return this;
    }

    /**
     * At most this many finished DAGs are kept, oldest finished go first: a DAG's own records cost about as much as
     * five of its jobs, so many small DAGs need a bound of their own. 0: no limit by count.
     */
    public long maxFinishedDags()
    {
        return maxFinishedDags;
    }

    public SchedulerContext maxFinishedDags(final long maxFinishedDags)
    {
        this.maxFinishedDags = maxFinishedDags;
        return this;
    }

    /** Seed of the retry jitter; fixed in simulations so a run replays exactly. */
    public long randomSeed()
    {
        return randomSeed;
    }

    public SchedulerContext randomSeed(final long randomSeed)
    {
        this.randomSeed = randomSeed;
        return this;
    }

    public EpochClock epochClock()
    {
        return epochClock;
    }

    public SchedulerContext epochClock(final EpochClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    public SchedulerContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    public LongSupplier dagIdSupplier()
    {
        return dagIdSupplier;
    }

    public SchedulerContext dagIdSupplier(final LongSupplier dagIdSupplier)
    {
        this.dagIdSupplier = dagIdSupplier;
        return this;
    }
}
