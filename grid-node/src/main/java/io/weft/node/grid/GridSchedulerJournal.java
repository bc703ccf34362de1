package io.weft.node.grid;

import io.weft.scheduler.api.JobState;
import io.weft.scheduler.core.JournalBatch;
import io.weft.scheduler.port.SchedulerJournal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a ring batch to the grid: one bulk write per map, issued together and awaited together, so a batch costs
 * roughly one round of grid operations however many jobs it touched.
 */
public final class GridSchedulerJournal implements SchedulerJournal
{
    private static final long WRITE_TIMEOUT_MS = 30_000;

    private final GridMaps maps;
    private final String nodeId;

    public GridSchedulerJournal(final GridMaps maps, final String nodeId)
    {
        this.maps = maps;
        this.nodeId = nodeId;
    }

    @Override
    public void write(final JournalBatch batch)
    {
        CompletableFuture<?> dags = CompletableFuture.completedFuture(null);
        CompletableFuture<?> dagStates = CompletableFuture.completedFuture(null);
        CompletableFuture<?> jobs = CompletableFuture.completedFuture(null);
        CompletableFuture<?> leases = CompletableFuture.completedFuture(null);
        CompletableFuture<?> released = CompletableFuture.completedFuture(null);

        final int created = batch.createdDagCount();
        if (created > 0)
        {
            final Map<Long, DagRecord> records = new HashMap<>(capacity(created));
            for (int i = 0; i < created; i++)
            {
                records.put(batch.createdDagId(i), DagRecord.of(batch.createdDagId(i), batch.createdDagSubmittedAtEpochMs(i), batch.createdDagPlan(i)));
            }
            dags = maps.dags.setAllAsync(records).toCompletableFuture();
        }

        final int changedDags = batch.dagStateCount();
        if (changedDags > 0)
        {
            final Map<Long, DagStateRecord> records = new HashMap<>(capacity(changedDags));
            for (int i = 0; i < changedDags; i++)
            {
                records.put(batch.dagId(i), new DagStateRecord(batch.dagState(i), batch.dagSubmittedAtEpochMs(i), batch.dagFinishedAtEpochMs(i)));
            }
            dagStates = maps.dagStates.setAllAsync(records).toCompletableFuture();
        }

        final int changedJobs = batch.jobCount();
        if (changedJobs > 0)
        {
            final Map<JobKey, JobRecord> records = new HashMap<>(capacity(changedJobs));
            Map<JobKey, LeaseRecord> leaseRecords = null;
            for (int i = 0; i < changedJobs; i++)
            {
                final JobKey key = new JobKey(batch.jobDagId(i), batch.jobIndex(i));
                final JobState state = batch.jobState(i);
                records.put(key, new JobRecord(
                    state,
                    batch.jobAttempts(i),
                    batch.jobFencingToken(i),
                    batch.jobExecutorId(i),
                    batch.jobReadyAtEpochMs(i),
                    batch.jobDispatchedAtEpochMs(i),
                    batch.jobStartedAtEpochMs(i),
                    batch.jobFinishedAtEpochMs(i),
                    batch.jobError(i)));
                if (batch.jobLeaseIssued(i) && (state == JobState.LEASED || state == JobState.RUNNING))
                {
                    if (leaseRecords == null)
                    {
                        leaseRecords = new HashMap<>();
                    }
                    leaseRecords.put(key, new LeaseRecord(
                        batch.jobAttempts(i), batch.jobFencingToken(i), batch.jobExecutorId(i), nodeId, batch.jobDispatchedAtEpochMs(i)));
                }
            }
            jobs = maps.jobs.setAllAsync(records).toCompletableFuture();
            if (leaseRecords != null)
            {
                leases = maps.leases.setAllAsync(leaseRecords).toCompletableFuture();
            }
        }

        final int releasedCount = batch.releasedLeaseCount();
        if (releasedCount > 0)
        {
            final Set<JobKey> keys = new HashSet<>(capacity(releasedCount));
            for (int i = 0; i < releasedCount; i++)
            {
                keys.add(new JobKey(batch.releasedLeaseDagId(i), batch.releasedLeaseJobIndex(i)));
            }
            // A lease issued and released in the same batch must not be removed after it was written again.
            if (changedJobs > 0)
            {
                for (int i = 0; i < changedJobs; i++)
                {
                    if (batch.jobLeaseIssued(i))
                    {
                        final JobState state = batch.jobState(i);
                        if (state == JobState.LEASED || state == JobState.RUNNING)
                        {
                            keys.remove(new JobKey(batch.jobDagId(i), batch.jobIndex(i)));
                        }
                    }
                }
            }
            if (!keys.isEmpty())
            {
                released = maps.leases.submitToKeys(keys, new RemoveEntryProcessor<>()).toCompletableFuture();
            }
        }

        await(CompletableFuture.allOf(dags, dagStates, jobs, leases, released));
    }

    private static void await(final CompletableFuture<?> all)
    {
        try
        {
            all.get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
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
