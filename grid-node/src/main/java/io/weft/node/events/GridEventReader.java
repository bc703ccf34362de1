package io.weft.node.events;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.weft.rest.events.EventBatch;
import io.weft.rest.events.EventItem;
import io.weft.rest.events.EventsApi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the grid's event buffer (a Hazelcast ringbuffer: bounded, one synchronous backup) for the REST bridge. An
 * event's id is its sequence in the buffer. Reads never wait for new events: an idle stream polls.
 */
public final class GridEventReader implements EventsApi
{
    private final Ringbuffer<EventRecord> buffer;
    private final AtomicLong slowClientsDropped = new AtomicLong();

    public GridEventReader(final Ringbuffer<EventRecord> buffer)
    {
        this.buffer = buffer;
    }

    @Override
    public CompletionStage<EventBatch> read(final long afterId, final int max)
    {
        return read(afterId, max, true);
    }

    private CompletionStage<EventBatch> read(final long afterId, final int max, final boolean retryIfStale)
    {
        final long head = buffer.headSequence();
        final long tail = buffer.tailSequence();
        long start = afterId + 1;
        long lostFrom = -1;
        long lostTo = -1;
        boolean reset = false;
        if (afterId >= 0 && start < head)
        {
            lostFrom = start;
            lostTo = head - 1;
        }
        if (start < head)
        {
            start = head;
        }
        if (start > tail + 1)
        {
            // Asked for beyond the newest: the buffer restarted (the whole cluster stopped) since the client read it.
            reset = true;
            start = head;
        }
        if (start > tail)
        {
            return CompletableFuture.completedFuture(new EventBatch(List.of(), start - 1, lostFrom, lostTo, reset));
        }
        final long from = start;
        final long lostFromFinal = lostFrom;
        final long lostToFinal = lostTo;
        final boolean resetFinal = reset;
        return buffer.readManyAsync(from, 0, max, null).handle((result, failure) -> {
            if (failure != null)
            {
                final Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
                if (cause instanceof StaleSequenceException && retryIfStale)
                {
                    // Overwritten between looking at the head and reading: read again from the new head.
                    return read(afterId, max, false);
                }
                return CompletableFuture.<EventBatch>failedFuture(cause);
            }
            return CompletableFuture.completedFuture(batch(result, from, lostFromFinal, lostToFinal, resetFinal));
        }).thenCompose(stage -> stage);
    }

    private static EventBatch batch(final ReadResultSet<EventRecord> result, final long from, final long lostFrom, final long lostTo,
        final boolean reset)
    {
        final List<EventItem> events = new ArrayList<>(result.size());
        for (int i = 0; i < result.size(); i++)
        {
            events.add(result.get(i).toItem(result.getSequence(i)));
        }
        final long last = events.isEmpty() ? from - 1 : events.get(events.size() - 1).id();
        return new EventBatch(events, last, lostFrom, lostTo, reset);
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
}
