package io.weft.node.grid;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Removes a finished DAG's definition and reference key once its run record has gone (expired after the retention
 * of finished work, or deleted by the count limit), off the scheduler's hot path: the journal only sets the run
 * record's time to live, in the entry processor it runs anyway. A local listener, so each member reaps for the
 * partitions it owns; the keys it hears of are removed in batches (one operation per partition per batch) by one
 * thread, because a grid call per DAG, at thousands of DAGs a second, took the node's CPU from the scheduler.
 */
public final class FinishedDagReaper implements EntryExpiredListener<Long, DagRunRecord>, EntryRemovedListener<Long, DagRunRecord>,
    AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FinishedDagReaper.class);
    private static final int MAX_BATCH = 10_000;

    private final GridMaps maps;
    private final LinkedBlockingQueue<Long> gone = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final UUID listenerId;
    private volatile boolean running = true;

    private FinishedDagReaper(final GridMaps maps, final String name)
    {
        this.maps = maps;
        this.thread = new Thread(this::run, "weft-reaper-" + name);
        this.thread.setDaemon(true);
        // Without values: the key is all it needs, and a value would be serialized for every record that goes.
        this.listenerId = maps.dagRuns.addLocalEntryListener(this, com.hazelcast.query.Predicates.alwaysTrue(), false);
        this.thread.start();
    }

    /** Starts reaping on this member. */
    public static FinishedDagReaper start(final GridMaps maps, final String name)
    {
        return new FinishedDagReaper(maps, name);
    }

    @Override
    public void entryExpired(final EntryEvent<Long, DagRunRecord> event)
    {
        gone.add(event.getKey());
    }

    @Override
    public void entryRemoved(final EntryEvent<Long, DagRunRecord> event)
    {
        gone.add(event.getKey());
    }

    private void run()
    {
        final List<Long> batch = new ArrayList<>();
        while (running)
        {
            try
            {
                final Long first = gone.poll(100, TimeUnit.MILLISECONDS);
                if (first == null)
                {
                    continue;
                }
                batch.add(first);
                gone.drainTo(batch, MAX_BATCH - 1);
                reap(new HashSet<>(batch));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final RuntimeException ex)
            {
                // A member leaving or the grid shutting down: the records stay, which costs memory and nothing else.
                LOG.debug("could not reap {} finished DAG(s)", batch.size(), ex);
            }
            finally
            {
                batch.clear();
            }
        }
    }

    private void reap(final Set<Long> dagIds)
    {
        final Map<Long, String> referenceKeys = maps.dags.executeOnKeys(dagIds, new ReapDefinitionProcessor());
        Map<String, Long> released = null;
        for (final Map.Entry<Long, String> entry : referenceKeys.entrySet())
        {
            if (entry.getValue() != null)
            {
                released = released == null ? new HashMap<>() : released;
                released.put(entry.getValue(), entry.getKey());
            }
        }
        if (released != null)
        {
            maps.references.executeOnKeys(released.keySet(), new ReleaseReferenceProcessor(released));
        }
    }

    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            maps.dagRuns.removeEntryListener(listenerId);
        }
        catch (final RuntimeException ex)
        {
            LOG.debug("could not remove the reaper's listener", ex);
        }
    }
}
