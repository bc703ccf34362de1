package io.weft.node.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import com.hazelcast.map.IMap;
import io.weft.rest.security.AuditEntry;
import io.weft.rest.security.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail in the grid ({@code weft.audit}), kept with one synchronous backup (so it outlives the node that
 * wrote it) for {@code retentionMs}. Recording hands the entry to a bounded queue; a writer thread sends what
 * gathered in up to a tenth of a second to the grid as one JSON array under a time-ordered id, asynchronously, so
 * neither an event loop nor the scheduler ever waits on it, and a busy node pays one grid write per batch rather
 * than per request (one per submission cost the journal half its throughput over HTTP on two cores). Entries still
 * queued when a node dies (at most a tenth of a second's worth) die with it, and a full queue drops and counts
 * what does not fit.
 */
public final class GridAuditLog implements AuditLog, AutoCloseable
{
    public static final String MAP = "weft.audit";
    static final int QUEUE_CAPACITY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(GridAuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IMap<Long, String> entries;
    private final FlakeIdGenerator ids;
    private final long retentionMs;
    private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    public GridAuditLog(final HazelcastInstance hazelcast, final long retentionMs)
    {
        this.entries = hazelcast.getMap(MAP);
        this.ids = hazelcast.getFlakeIdGenerator("weft.audit-ids");
        this.retentionMs = retentionMs;
        this.writer = new Thread(this::drain, "weft-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void record(final AuditEntry entry)
    {
        if (!queue.offer(entry) && dropped.incrementAndGet() % 1_000 == 1)
        {
            LOG.warn("audit queue full: {} entries dropped so far", dropped.get());
        }
    }

    public long dropped()
    {
        return dropped.get();
    }

    private void drain()
    {
        final List<AuditEntry> batch = new ArrayList<>();
        while (running || !queue.isEmpty())
        {
            try
            {
                final AuditEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null)
                {
                    continue;
                }
                batch.add(first);
                final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                while (batch.size() < 1_000 && System.nanoTime() < untilNs)
                {
                    final AuditEntry next = queue.poll(Math.max(0, untilNs - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null)
                    {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, 1_000 - batch.size());
                }
                write(batch);
                batch.clear();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("audit entries could not be written to the grid ({} lost)", batch.size(), ex);
                batch.clear();
            }
        }
    }

    private void write(final List<AuditEntry> batch)
    {
        try
        {
            final String json = JSON.writeValueAsString(batch);
            if (retentionMs > 0)
            {
                entries.setAsync(ids.newId(), json, retentionMs, TimeUnit.MILLISECONDS);
            }
            else
            {
                entries.setAsync(ids.newId(), json);
            }
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("an audit entry is always JSON", ex);
        }
    }

    @Override
    public Page query(final String principal, final String action, final String target, final Long fromEpochMs, final Long toEpochMs,
        final int offset, final int limit)
    {
        final List<Map.Entry<Long, AuditEntry>> matching = new ArrayList<>();
        for (final Map.Entry<Long, String> stored : entries.entrySet())
        {
            final AuditEntry[] batch;
            try
            {
                batch = JSON.readValue(stored.getValue(), AuditEntry[].class);
            }
            catch (final JsonProcessingException ex)
            {
                continue;
            }
            for (final AuditEntry entry : batch)
            {
                if ((principal == null || principal.equals(entry.principal()))
                    && (action == null || entry.action().startsWith(action))
                    && (target == null || (entry.target() != null && entry.target().startsWith(target)))
                    && (fromEpochMs == null || entry.atEpochMs() >= fromEpochMs)
                    && (toEpochMs == null || entry.atEpochMs() < toEpochMs))
                {
                    matching.add(Map.entry(stored.getKey(), entry));
                }
            }
        }
        matching.sort(Comparator.<Map.Entry<Long, AuditEntry>>comparingLong(e -> e.getValue().atEpochMs())
            .thenComparingLong(Map.Entry::getKey).reversed());
        final List<AuditEntry> page = new ArrayList<>();
        for (int i = offset; i < matching.size() && page.size() < limit; i++)
        {
            page.add(matching.get(i).getValue());
        }
        return new Page(matching.size(), offset, limit, page);
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            writer.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
