package io.weft.node.grid;

import io.weft.scheduler.api.JobState;
import io.weft.scheduler.core.JournalBatch;
import io.weft.scheduler.port.OwnershipLostException;
import io.weft.scheduler.port.SchedulerJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Writes a ring batch to the grid: new DAG definitions in one bulk write, and the DAGs the batch touched in one call
 * per partition, each carrying only its DAGs' {@link JobDeltaProcessor}s. All are issued together and awaited
 * together, so a batch costs one grid operation per partition touched, however many jobs changed.
 */
public final class GridSchedulerJournal implements SchedulerJournal
{
    private static final Logger LOG = LoggerFactory.getLogger(GridSchedulerJournal.class);
    private static final long WRITE_TIMEOUT_MS = 30_000;

    private final GridMaps maps;
    private final AtomicLong fencedWrites = new AtomicLong();
    /** The epoch of the current ownership term; every write carries it and the grid refuses older ones. */
    private volatile long ownerEpoch = 1;
    private volatile String ownerNode;
    private long finishedRetentionMs;
    private long deadLetterRetentionMs;

    public GridSchedulerJournal(final GridMaps maps)
    {
        this.maps = maps;
    }

    /** Set by the ownership agent before the scheduler takes over under this epoch. */
    public void ownerEpoch(final long epoch)
    {
        ownerEpoch = epoch;
    }

    /** This node's id, written with the epoch into every run record it touches. */
    public void ownerNode(final String nodeId)
    {
        ownerNode = nodeId;
    }

    public long ownerEpoch()
    {
        return ownerEpoch;
    }

    /**
     * How long finished work stays in the grid (0: for ever): a DAG's run record expires {@code finishedRetentionMs}
     * after it ended (and {@link FinishedDagReaper} then removes its definition and reference key), and a dead letter
     * {@code deadLetterRetentionMs} after it was written. Set before the scheduler starts. The count limits are the
     * core's to apply: a batch names the DAGs they evict.
     */
    public void retention(final long finishedRetentionMs, final long deadLetterRetentionMs)
    {
        this.finishedRetentionMs = finishedRetentionMs;
        this.deadLetterRetentionMs = deadLetterRetentionMs;
    }

    /** Job changes the grid refused because they carried an older fencing token than it held. */
    public long fencedWrites()
    {
        return fencedWrites.get();
    }

    @Override
    public void write(final JournalBatch batch)
    {
        final long epoch = ownerEpoch;
        final List<CompletableFuture<?>> pending = new ArrayList<>();
        final Map<Long, JobDeltaProcessor> deltas = new HashMap<>();

        final int created = batch.createdDagCount();
        if (created > 0)
        {
            final Map<Long, DagRecord> records = new HashMap<>(capacity(created));
            for (int i = 0; i < created; i++)
            {
                final long dagId = batch.createdDagId(i);
                records.put(dagId, DagRecord.of(dagId, batch.createdDagSubmittedAtEpochMs(i), batch.createdDagPlan(i)));
                delta(deltas, dagId, epoch).create(batch.createdDagPlan(i), batch.createdDagSubmittedAtEpochMs(i));
            }
            pending.add(maps.dags.setAllAsync(records).toCompletableFuture());
            Map<String, Long> references = null;
            for (int i = 0; i < created; i++)
            {
                final String referenceKey = batch.createdDagPlan(i).referenceKey();
                if (referenceKey != null)
                {
                    references = references == null ? new HashMap<>() : references;
                    references.put(referenceKey, batch.createdDagId(i));
                }
            }
            if (references != null)
            {
                pending.add(maps.references.setAllAsync(references).toCompletableFuture());
            }
        }

        for (int i = 0, n = batch.dagStateCount(); i < n; i++)
        {
            delta(deltas, batch.dagId(i), epoch).dagState(
                batch.dagState(i), batch.dagFinishedAtEpochMs(i), batch.dagCancelled(i), finishedRetentionMs);
        }

        Map<String, DeadLetterRecord> deadLetters = null;
        long lastDagId = 0;
        JobDeltaProcessor last = null;
        for (int i = 0, n = batch.jobCount(); i < n; i++)
        {
            final long dagId = batch.jobDagId(i);
            if (last == null || dagId != lastDagId)
            {
                last = delta(deltas, dagId, epoch);
                lastDagId = dagId;
            }
            last.addJob(
                batch.jobIndex(i),
                (byte)(batch.jobState(i).ordinal() | (batch.jobCancelRequested(i) ? DagRunRecord.CANCEL_REQUESTED : 0)),
                batch.jobAttempts(i),
                batch.jobFencingToken(i),
                batch.jobExecutorId(i),
                batch.jobReadyAtEpochMs(i),
                batch.jobDispatchedAtEpochMs(i),
                batch.jobStartedAtEpochMs(i),
                batch.jobFinishedAtEpochMs(i),
                batch.jobError(i),
                batch.jobResult(i));
            if (batch.jobState(i) == JobState.FAILED)
            {
                if (deadLetters == null)
                {
                    deadLetters = new HashMap<>();
                }
                deadLetters.put(DeadLetterRecord.key(dagId, batch.jobIndex(i)), new DeadLetterRecord(
                    dagId, batch.jobIndex(i), batch.jobAttempts(i), batch.jobFinishedAtEpochMs(i), batch.jobError(i)));
            }
        }
        if (deadLetters != null)
        {
            if (deadLetterRetentionMs > 0)
            {
                for (final Map.Entry<String, DeadLetterRecord> letter : deadLetters.entrySet())
                {
                    pending.add(maps.deadLetters.setAsync(
                        letter.getKey(), letter.getValue(), deadLetterRetentionMs, TimeUnit.MILLISECONDS).toCompletableFuture());
                }
            }
            else
            {
                pending.add(maps.deadLetters.setAllAsync(deadLetters).toCompletableFuture());
            }
        }

        final PartitionWrites runs = runWrites(deltas);

        // One wake-up per batch: each write counts itself done on the thread that completes it, and only the last
        // unparks the core. Waiting on each future in turn parked and woke the core once per partition, and
        // Hazelcast's own async callbacks would run on its executor (on a small machine, a thread per operation).
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_TIMEOUT_MS);
        final BatchCompletion completion = new BatchCompletion(Thread.currentThread(), pending.size() + runs.futures.size());
        for (final CompletableFuture<?> future : pending)
        {
            future.whenCompleteAsync(completion, Runnable::run);
        }
        for (final CompletableFuture<?> future : runs.futures)
        {
            future.whenCompleteAsync(completion, Runnable::run);
        }
        completion.await(deadlineNs);
        for (final Future<?> future : pending)
        {
            await(future, deadlineNs);
        }
        Map<Long, Integer> refusedByDag = null;
        for (int i = 0; i < runs.futures.size(); i++)
        {
            final Object result = await(runs.futures.get(i), deadlineNs);
            refusedByDag = refusedByDag == null ? new HashMap<>() : refusedByDag;
            if (result instanceof Integer refused)
            {
                refusedByDag.put(runs.singleKeys.get(i), refused);
            }
            else
            {
                @SuppressWarnings("unchecked")
                final Map<Long, Integer> refused = (Map<Long, Integer>)result;
                refusedByDag.putAll(refused);
            }
        }
        if (refusedByDag != null)
        {
            countFenced(refusedByDag);
        }
        if (batch.evictedDagCount() > 0)
        {
            evict(batch);
        }
    }

    /**
     * One grid call per partition the batch touched, each carrying only that partition's changes: a partition with
     * one DAG gets that DAG's {@link JobDeltaProcessor}, one with several a {@link BatchDeltaProcessor} of just those.
     * A single call for the whole batch would be one call too, but Hazelcast hands every partition the same
     * processor, so each partition's operation and its backup on another member carried every DAG of the batch: with
     * backups, a batch of n DAGs cost n times n delta copies.
     */
    private PartitionWrites runWrites(final Map<Long, JobDeltaProcessor> deltas)
    {
        final PartitionWrites writes = new PartitionWrites();
        if (deltas.size() == 1)
        {
            final Map.Entry<Long, JobDeltaProcessor> only = deltas.entrySet().iterator().next();
            writes.single(only.getKey(), maps.dagRuns.submitToKey(only.getKey(), only.getValue()).toCompletableFuture());
            return writes;
        }
        final Map<Integer, Map<Long, JobDeltaProcessor>> byPartition = new HashMap<>();
        for (final Map.Entry<Long, JobDeltaProcessor> delta : deltas.entrySet())
        {
            byPartition.computeIfAbsent(maps.partitions.getPartition(delta.getKey()).getPartitionId(), p -> new HashMap<>(4))
                .put(delta.getKey(), delta.getValue());
        }
        for (final Map<Long, JobDeltaProcessor> partition : byPartition.values())
        {
            if (partition.size() == 1)
            {
                final Map.Entry<Long, JobDeltaProcessor> only = partition.entrySet().iterator().next();
                writes.single(only.getKey(), maps.dagRuns.submitToKey(only.getKey(), only.getValue()).toCompletableFuture());
            }
            else
            {
                writes.several(maps.dagRuns.submitToKeys(partition.keySet(), new BatchDeltaProcessor(partition)).toCompletableFuture());
            }
        }
        return writes;
    }

    /** The run-record writes of one batch in flight, and for each single-DAG write the DAG it was for. */
    private static final class PartitionWrites
    {
        final List<CompletableFuture<?>> futures = new ArrayList<>();
        final List<Long> singleKeys = new ArrayList<>();

        void single(final long dagId, final CompletableFuture<?> future)
        {
            futures.add(future);
            singleKeys.add(dagId);
        }

        void several(final CompletableFuture<?> future)
        {
            futures.add(future);
            singleKeys.add(null);
        }
    }

    /** Counts a batch's grid writes down as they complete and unparks the waiting core at the last. */
    private static final class BatchCompletion implements BiConsumer<Object, Throwable>
    {
        private final Thread waiter;
        private final AtomicInteger remaining;

        BatchCompletion(final Thread waiter, final int writes)
        {
            this.waiter = waiter;
            this.remaining = new AtomicInteger(writes);
        }

        @Override
        public void accept(final Object result, final Throwable error)
        {
            if (remaining.decrementAndGet() == 0)
            {
                LockSupport.unpark(waiter);
            }
        }

        /** Returns when every write has completed or the deadline passed; the caller then reads each result. */
        void await(final long deadlineNs)
        {
            while (remaining.get() > 0)
            {
                final long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0)
                {
                    return;
                }
                LockSupport.parkNanos(this, leftNs);
                if (Thread.interrupted())
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Deletes the run records of the finished DAGs the batch evicts by count, once the batch is known to be this
     * owner's (a fenced batch throws before), in one call; {@link FinishedDagReaper} then removes their definitions and
     * reference keys as it does for expired ones. Not awaited: a lost delete leaves a record longer than it should,
     * which costs memory and nothing else.
     */
    private void evict(final JournalBatch batch)
    {
        final Set<Long> evicted = new HashSet<>(capacity(batch.evictedDagCount()));
        for (int i = 0, n = batch.evictedDagCount(); i < n; i++)
        {
            evicted.add(batch.evictedDagId(i));
        }
        // One operation per partition for the whole set, as the journal's own writes: a delete per DAG cost as much
        // as the journal itself on chains of small DAGs.
        maps.dagRuns.submitToKeys(evicted, new DeleteProcessor<>());
    }

    /**
     * Job changes the grid refused for an older fencing token: never expected from the current owner, so loud. A
     * DAG refused whole for its epoch means another node took over: the batch must not take effect.
     */
    private void countFenced(final Map<Long, Integer> refusedByDag)
    {
        int fencedDags = 0;
        for (final Map.Entry<Long, Integer> entry : refusedByDag.entrySet())
        {
            final Integer refused = entry.getValue();
            if (refused != null && refused == JobDeltaProcessor.FENCED)
            {
                fencedDags++;
                continue;
            }
            if (refused != null && refused > 0)
            {
                fencedWrites.addAndGet(refused);
                LOG.warn("grid refused {} stale job change(s) of DAG {}", refused, entry.getKey());
            }
        }
        if (fencedDags > 0)
        {
            throw new OwnershipLostException(fencedDags + " DAG(s) of the batch are held by an owner epoch newer than " + ownerEpoch);
        }
    }

    private JobDeltaProcessor delta(final Map<Long, JobDeltaProcessor> deltas, final long dagId, final long epoch)
    {
        JobDeltaProcessor delta = deltas.get(dagId);
        if (delta == null)
        {
            delta = new JobDeltaProcessor(epoch, ownerNode);
            deltas.put(dagId, delta);
        }
        return delta;
    }

    private static Object await(final Future<?> future, final long deadlineNs)
    {
        try
        {
            return future.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the grid", ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("grid write failed", ex);
        }
    }

    private static int capacity(final int entries)
    {
        return (int)(entries / 0.75f) + 1;
    }
}
