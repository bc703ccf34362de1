package io.weft.node.events;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.weft.rest.events.EventBatch;
import io.weft.rest.events.EventItem;
import io.weft.rest.events.EventsApi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the grid's event buffer (a Hazelcast ringbuffer: bounded, one synchronous backup) for the REST bridge. An
 * event's id is its sequence in the buffer. Reads never wait for new events (an idle stream polls), and they run on
 * this reader's own threads: a read is a few grid round trips, which must never hold a Netty event loop, and a grid
 * that stalls (a migration, a lost member) stalls these threads and the streams, not the connections' I/O.
 */
public final class GridEventReader implements EventsApi, AutoCloseable
{
    private static final long READ_TIMEOUT_MS = 10_000;

    private final Ringbuffer<EventRecord> buffer;
    private final ThreadPoolExecutor readers;
    private final AtomicLong slowClientsDropped = new AtomicLong();

    public GridEventReader(final Ringbuffer<EventRecord> buffer)
    {
        this.buffer = buffer;
        this.readers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1024), r -> {
            final Thread t = new Thread(r, "weft-event-reader");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletionStage<EventBatch> read(final long afterId, final int max)
    {
        try
        {
            return CompletableFuture.supplyAsync(() -> readNow(afterId, max), readers);
        }
        catch (final RejectedExecutionException ex)
        {
            return CompletableFuture.failedFuture(ex); // too many streams waiting: each retries after a pause
        }
    }

    private EventBatch readNow(final long afterId, final int max)
    {
        final long head = buffer.headSequence();
        final long tail = buffer.tailSequence();
        if (afterId == FROM_NOW)
        {
            return new EventBatch(List.of(), tail, -1, -1, false);
        }
        long start = afterId + 1;
        boolean reset = false;
        if (start > tail + 1)
        {
            // Asked for beyond the newest: the buffer restarted (the whole cluster stopped) since the client read it.
            reset = true;
            start = head;
        }
        if (start < head)
        {
            start = head;
        }
        if (start > tail)
        {
            return new EventBatch(List.of(), start - 1, afterId >= 0 && afterId + 1 < start && !reset ? afterId + 1 : -1,
                afterId >= 0 && afterId + 1 < start && !reset ? start - 1 : -1, reset);
        }
        final ReadResultSet<EventRecord> result;
        try
        {
            // The grid moves a start the buffer has overwritten since up to its head, so what was lost is told by
            // the first sequence that comes back, not by the head read above.
            result = buffer.readManyAsync(start, 0, max, null).toCompletableFuture().get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("the event buffer could not be read: " + ex, ex);
        }
        final List<EventItem> events = new ArrayList<>(result.size());
        for (int i = 0; i < result.size(); i++)
        {
            events.add(result.get(i).toItem(result.getSequence(i)));
        }
        final long first = events.isEmpty() ? start : events.get(0).id();
        final boolean lost = !reset && afterId >= 0 && first > afterId + 1;
        final long last = events.isEmpty() ? start - 1 : events.get(events.size() - 1).id();
        return new EventBatch(events, last, lost ? afterId + 1 : -1, lost ? first - 1 : -1, reset);
    }

    @Override
    public long newestId()
    {
        return buffer.tailSequence();
    }

    @Override
    public long oldestId()
    {
        return buffer.size() == 0 ? -1 : buffer.headSequence();
    }

    @Override
    public void slowClientDropped()
    {
        slowClientsDropped.incrementAndGet();
    }

    public long slowClientsDropped()
    {
        return slowClientsDropped.get();
    }

    @Override
    public void close()
    {
        readers.shutdownNow();
    }
}
