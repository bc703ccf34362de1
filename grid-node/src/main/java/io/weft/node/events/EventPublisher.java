package io.weft.node.events;

import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.weft.rest.events.EventSeverity;
import io.weft.scheduler.api.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts events into the grid's event buffer from one thread ({@code weft-events}), so no caller ever waits on the
 * grid: {@link #publish} and {@link #publishTransitions} only offer to a bounded queue and count what a full queue
 * turns away. Routine job transitions (ready, leased, running, succeeded) are not events one by one: they are
 * counted per DAG and go out as one {@code job.progress} event per DAG per interval, and before the event that ends
 * the DAG. Jobs that fail, retry, are skipped, cancelled or expire are events of their own, up to a rate; past it they
 * are counted in one {@code events.sampled} event per second instead.
 */
public final class EventPublisher implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final int WRITE_BATCH = 500;
    private static final String[] STATE_NAMES = java.util.Arrays.stream(JobState.values())
        .map(state -> state.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    private static final int[] STATES_BY_NAME = java.util.stream.IntStream.range(0, STATE_NAMES.length).boxed()
        .sorted(java.util.Comparator.comparing(i -> STATE_NAMES[i])).mapToInt(Integer::intValue).toArray();
    private static final long WRITE_TIMEOUT_MS = 5_000;

    private final Ringbuffer<EventRecord> buffer;
    private final String nodeId;
    private final long progressIntervalMs;
    private final int maxJobEventsPerSecond;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sampledOut = new AtomicLong();
    private volatile boolean running = true;

    /** Per DAG, transitions into each routine state since the last progress event. */
    private final Map<Long, int[]> progress = new LinkedHashMap<>();
    private final Map<String, Integer> sampledThisSecond = new TreeMap<>();
    private long windowStartMs;
    private int jobEventsThisSecond;
    private long lastProgressMs;

    public EventPublisher(
        final Ringbuffer<EventRecord> buffer, final String nodeId, final int queueCapacity, final long progressIntervalMs,
        final int maxJobEventsPerSecond)
    {
        this.buffer = buffer;
        this.nodeId = nodeId;
        this.progressIntervalMs = progressIntervalMs;
        this.maxJobEventsPerSecond = maxJobEventsPerSecond;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "weft-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** The node id events from this node carry. */
    public String nodeId()
    {
        return nodeId;
    }

    /** An event now, from this node; never blocks. */
    public void publish(final String type, final EventSeverity severity, final long dagId, final String jobId,
        final String deployment, final String gateway, final String group, final String payloadJson)
    {
        publish(new EventRecord(System.currentTimeMillis(), type, severity, dagId, jobId, deployment, gateway, group, nodeId, payloadJson));
    }

    public void publish(final EventRecord event)
    {
        if (!queue.offer(event))
        {
            dropped.incrementAndGet();
        }
    }

    void publishTransitions(final JobTransitions transitions)
    {
        if (!queue.offer(transitions))
        {
            dropped.addAndGet(transitions.runs() + transitions.jobEvents().size() + transitions.events().size());
        }
    }

    /** Events written to the grid's buffer by this node. */
    public long published()
    {
        return published.get();
    }

    /** Events lost because the queue was full or the grid refused the write. */
    public long dropped()
    {
        return dropped.get();
    }

    /** Job events past the rate, counted in an {@code events.sampled} event instead. */
    public long sampledOut()
    {
        return sampledOut.get();
    }

    private void run()
    {
        final List<Object> taken = new ArrayList<>(WRITE_BATCH);
        final List<EventRecord> out = new ArrayList<>(WRITE_BATCH);
        while (running || !queue.isEmpty())
        {
            try
            {
                final Object first = queue.poll(Math.max(1, progressIntervalMs / 2), TimeUnit.MILLISECONDS);
                if (first != null)
                {
                    taken.add(first);
                    queue.drainTo(taken, WRITE_BATCH - 1);
                }
                final long nowMs = System.currentTimeMillis();
                for (final Object item : taken)
                {
                    if (item instanceof EventRecord event)
                    {
                        out.add(event);
                    }
                    else
                    {
                        absorb((JobTransitions)item, out, nowMs);
                    }
                }
                taken.clear();
                if (nowMs - lastProgressMs >= progressIntervalMs || !running)
                {
                    lastProgressMs = nowMs;
                    flushProgress(out, nowMs);
                }
                closeSamplingWindow(out, nowMs);
                write(out);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("event publishing failed; {} events dropped", out.size(), ex);
                dropped.addAndGet(out.size());
                out.clear();
            }
        }
    }

    private void absorb(final JobTransitions transitions, final List<EventRecord> out, final long nowMs)
    {
        final int states = JournalEventTap.STATES;
        for (int run = 0; run < transitions.runs(); run++)
        {
            final int[] counts = progress.computeIfAbsent(transitions.dagIds()[run], id -> new int[states]);
            for (int state = 0; state < states; state++)
            {
                counts[state] += transitions.counts()[run * states + state];
            }
        }
        for (final JobEvent job : transitions.jobEvents())
        {
            if (admitJobEvent(job.type(), nowMs))
            {
                out.add(job.toRecord(nodeId));
            }
        }
        for (final DagEvent event : transitions.events())
        {
            if (event.endsDag())
            {
                // The DAG's last progress goes out before the event that ends it.
                final int[] counts = progress.remove(event.dagId());
                if (counts != null)
                {
                    out.add(progressEvent(event.dagId(), counts, nowMs));
                }
            }
            out.add(event.toRecord(nodeId));
        }
    }

    private boolean admitJobEvent(final String type, final long nowMs)
    {
        if (nowMs - windowStartMs >= 1_000)
        {
            closeSamplingWindow(null, nowMs);
        }
        if (jobEventsThisSecond < maxJobEventsPerSecond)
        {
            jobEventsThisSecond++;
            return true;
        }
        sampledOut.incrementAndGet();
        sampledThisSecond.merge(type, 1, Integer::sum);
        return false;
    }

    private void closeSamplingWindow(final List<EventRecord> out, final long nowMs)
    {
        if (nowMs - windowStartMs < 1_000)
        {
            return;
        }
        if (!sampledThisSecond.isEmpty())
        {
            final EventRecord summary = new EventRecord(nowMs, "events.sampled", EventSeverity.WARNING, 0, null, null, null, null, nodeId,
                EventPayload.of("withinMs", nowMs - windowStartMs, "maxJobEventsPerSecond", maxJobEventsPerSecond,
                    "notSentByType", new TreeMap<>(sampledThisSecond)));
            if (out != null)
            {
                out.add(summary);
            }
            else
            {
                publish(summary);
            }
            sampledThisSecond.clear();
        }
        windowStartMs = nowMs;
        jobEventsThisSecond = 0;
    }

    private void flushProgress(final List<EventRecord> out, final long nowMs)
    {
        for (final Map.Entry<Long, int[]> entry : progress.entrySet())
        {
            out.add(progressEvent(entry.getKey(), entry.getValue(), nowMs));
        }
        progress.clear();
    }

    private EventRecord progressEvent(final long dagId, final int[] counts, final long nowMs)
    {
        // State names are fixed words and counts are numbers: built directly, in name order, without a JSON writer.
        final StringBuilder payload = new StringBuilder("{\"transitions\":{");
        boolean first = true;
        for (final int state : STATES_BY_NAME)
        {
            if (counts[state] > 0)
            {
                payload.append(first ? "" : ",").append('"').append(STATE_NAMES[state]).append("\":").append(counts[state]);
                first = false;
            }
        }
        return new EventRecord(nowMs, "job.progress", EventSeverity.INFO, dagId, null, null, null, null, nodeId,
            payload.append("}}").toString());
    }

    private void write(final List<EventRecord> out)
    {
        for (int from = 0; from < out.size(); from += WRITE_BATCH)
        {
            final List<EventRecord> part = out.subList(from, Math.min(out.size(), from + WRITE_BATCH));
            try
            {
                buffer.addAllAsync(part, OverflowPolicy.OVERWRITE).toCompletableFuture().get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                published.addAndGet(part.size());
            }
            catch (final Exception ex)
            {
                if (ex instanceof InterruptedException)
                {
                    Thread.currentThread().interrupt();
                }
                dropped.addAndGet(part.size());
                LOG.debug("the grid did not take {} events", part.size(), ex);
            }
        }
        out.clear();
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(WRITE_TIMEOUT_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
