package io.weft.scheduler;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Configuration of one node's scheduler, with defaults that run on a laptop. Call {@link #conclude()} (the
 * {@link Scheduler} does) to fill what is left unset and reject what cannot work.
 */
public final class SchedulerContext
{
    private int ringSize = 64 * 1024;
    private int maxAttempts = 3;
    private long heartbeatTimeoutMs = 5_000;
    private long housekeepingIntervalMs = 10;
    private EpochClock epochClock;
    private NanoClock nanoClock;
    private LongSupplier dagIdSupplier;

    public SchedulerContext conclude()
    {
        if (Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ringSize must be a power of two: " + ringSize);
        }
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (heartbeatTimeoutMs <= 0 || housekeepingIntervalMs <= 0)
        {
            throw new IllegalArgumentException("timeouts and intervals must be positive");
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

    public int ringSize()
    {
        return ringSize;
    }

    public SchedulerContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    public int maxAttempts()
    {
        return maxAttempts;
    }

    public SchedulerContext maxAttempts(final int maxAttempts)
    {
        this.maxAttempts = maxAttempts;
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
