package io.weft.scheduler.signals;

import io.weft.scheduler.api.LatencySignal;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The one reader of a node's {@link LatencyRecorders}: it keeps, per signal and class, everything since the node
 * started, the closed intervals of the last {@code historyMs} (compressed, as an interval log holds them), and the
 * interval still open. A window is built from the whole intervals that lie in it plus the open one, so its
 * resolution is the interval ({@link #roll()} is called once per interval, 10 s by default).
 *
 * <p>Thread-safe: the interval ticker, REST readers and the load generator share one instance.
 */
public final class LatencyHistory
{
    private final LatencyRecorders recorders;
    private final long historyMs;
    private final LongSupplier clockMs;
    private final long startedAtMs;
    private long openSinceMs;
    private final Map<SignalKey, Histogram> open = new HashMap<>();
    private final Map<SignalKey, Histogram> cumulative = new HashMap<>();
    private final ArrayDeque<ClosedInterval> closed = new ArrayDeque<>();

    /** One closed interval: its bounds (epoch ms) and each non-empty histogram in HdrHistogram's compressed form. */
    private record ClosedInterval(long startMs, long endMs, Map<SignalKey, byte[]> histograms)
    {
    }

    public LatencyHistory(final LatencyRecorders recorders, final long historyMs, final LongSupplier clockMs)
    {
        this.recorders = recorders;
        this.historyMs = historyMs;
        this.clockMs = clockMs;
        this.startedAtMs = clockMs.getAsLong();
        this.openSinceMs = startedAtMs;
    }

    static Histogram newHistogram()
    {
        return new Histogram(LatencyRecorders.SIGNIFICANT_DIGITS);
    }

    public long startedAtMs()
    {
        return startedAtMs;
    }

    public long historyMs()
    {
        return historyMs;
    }

    /** The executor classes any signal has been recorded for. */
    public Set<String> classes()
    {
        return new TreeSet<>(recorders.classes());
    }

    private void pull()
    {
        recorders.takeInterval().forEach((key, histogram) -> open.computeIfAbsent(key, k -> newHistogram()).add(histogram));
    }

    /**
     * Closes the open interval and returns its non-empty histograms, their start and end time stamps set, for an
     * interval log; the caller owns them.
     */
    public synchronized Map<SignalKey, Histogram> roll()
    {
        pull();
        final long nowMs = clockMs.getAsLong();
        final Map<SignalKey, Histogram> interval = new HashMap<>(open);
        final Map<SignalKey, byte[]> stored = new HashMap<>();
        interval.forEach((key, histogram) -> {
            histogram.setStartTimeStamp(openSinceMs);
            histogram.setEndTimeStamp(nowMs);
            cumulative.computeIfAbsent(key, k -> newHistogram()).add(histogram);
            stored.put(key, compress(histogram));
        });
        open.clear();
        closed.addLast(new ClosedInterval(openSinceMs, nowMs, stored));
        openSinceMs = nowMs;
        while (!closed.isEmpty() && closed.peekFirst().endMs() <= nowMs - historyMs)
        {
            closed.removeFirst();
        }
        return interval;
    }

    /**
     * The signal over the last {@code windowMs} (0 or less: since the node started), for one class or, with
     * {@code executorClass} null, every class together. A node-wide signal is asked for with a null class.
     */
    public synchronized LatencyWindow query(final LatencySignal signal, final String executorClass, final long windowMs)
    {
        pull();
        final long nowMs = clockMs.getAsLong();
        final Histogram sum = newHistogram();
        addMatching(sum, open, signal, executorClass);
        if (windowMs <= 0 || windowMs >= nowMs - startedAtMs)
        {
            addMatching(sum, cumulative, signal, executorClass);
            return new LatencyWindow(sum, nowMs - startedAtMs);
        }
        final long windowStartMs = nowMs - windowMs;
        long coveredMs = nowMs - openSinceMs;
        final Iterator<ClosedInterval> newestFirst = closed.descendingIterator();
        while (newestFirst.hasNext())
        {
            final ClosedInterval interval = newestFirst.next();
            if (interval.startMs() < windowStartMs)
            {
                break;
            }
            coveredMs += interval.endMs() - interval.startMs();
            interval.histograms().forEach((key, bytes) -> {
                if (matches(key, signal, executorClass))
                {
                    sum.add(decompress(bytes));
                }
            });
        }
        return new LatencyWindow(sum, coveredMs);
    }

    private static void addMatching(
        final Histogram sum, final Map<SignalKey, Histogram> histograms, final LatencySignal signal, final String executorClass)
    {
        histograms.forEach((key, histogram) -> {
            if (matches(key, signal, executorClass))
            {
                sum.add(histogram);
            }
        });
    }

    private static boolean matches(final SignalKey key, final LatencySignal signal, final String executorClass)
    {
        return key.signal() == signal && (executorClass == null || executorClass.equals(key.executorClass()));
    }

    /** HdrHistogram's compressed encoding, as interval logs and other nodes read it. */
    public static byte[] compress(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    static Histogram decompress(final byte[] bytes)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        }
        catch (final java.util.zip.DataFormatException ex)
        {
            throw new IllegalStateException("a histogram this node compressed does not decompress", ex);
        }
    }
}
