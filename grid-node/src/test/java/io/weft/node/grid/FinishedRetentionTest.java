package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.RetryPolicy;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Finished work leaves the grid: by age (a time to live from the DAG's end) and by count (oldest finished first). */
class FinishedRetentionTest
{
    private static final long EXECUTOR = 9;
    private HazelcastInstance hazelcast;
    private GridMaps maps;
    private GridSchedulerJournal journal;
    private Scheduler scheduler;
    private FinishedDagReaper reaper;
    private final LinkedBlockingQueue<long[]> dispatches = new LinkedBlockingQueue<>();

    private void start(final long retentionMs, final long maxFinishedJobs, final long maxFinishedDags, final long deadLetterRetentionMs)
    {
        hazelcast = GridMemberFactory.start("weft-retention-" + UUID.randomUUID(), "127.0.0.1", 0, List.of());
        maps = new GridMaps(hazelcast);
        reaper = FinishedDagReaper.start(maps, "test");
        journal = new GridSchedulerJournal(maps);
        journal.retention(retentionMs, deadLetterRetentionMs);
        final DispatchSender sender = new DispatchSender()
        {
            @Override
            public boolean sendDispatch(
                final long instanceId, final long dagId, final int jobIndex, final int attempt, final long token,
                final long deadlineEpochMs, final String executorClass, final String jobId, final byte[] payload)
            {
                dispatches.add(new long[] {dagId, jobIndex, token});
                return true;
            }

            @Override
            public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long token)
            {
                return true;
            }

            @Override
            public void forget(final long instanceId)
            {
            }
        };
        scheduler = new Scheduler(
            new SchedulerContext().finishedRetentionMs(retentionMs).maxFinishedJobs(maxFinishedJobs).maxFinishedDags(maxFinishedDags),
            journal, sender).start();
        scheduler.onExecutorRegistered(new ExecutorDescriptor(EXECUTOR, "d", "o", "1", Set.of(), Map.of("ocr", 1)));
    }

    @AfterEach
    void stop()
    {
        scheduler.close();
        reaper.close();
        hazelcast.shutdown();
    }

    @Test
    void aFinishedDagsRecordsExpireAfterTheRetention() throws InterruptedException
    {
        start(1_500, 0, 0, 0);
        final long dagId = runOneJob("doc-1", true);
        assertNotNull(maps.dagRuns.get(dagId), "kept for the retention");
        assertNotNull(maps.dags.get(dagId));
        assertEquals(dagId, maps.references.get("doc-1"));

        await().atMost(Duration.ofSeconds(10)).until(() ->
            maps.dagRuns.get(dagId) == null && maps.dags.get(dagId) == null && maps.references.get("doc-1") == null);
    }

    @Test
    void overTheCountLimitTheOldestFinishedDagsGo() throws InterruptedException
    {
        start(0, 2, 0, 0);
        final long first = runOneJob("first", true);
        final long second = runOneJob("second", true);
        final long third = runOneJob("third", true);

        await().atMost(Duration.ofSeconds(10)).until(() -> maps.dagRuns.get(first) == null && maps.dags.get(first) == null
            && maps.references.get("first") == null);
        assertNotNull(maps.dagRuns.get(second));
        assertNotNull(maps.dagRuns.get(third));
        assertEquals(third, maps.references.get("third"));
        assertEquals(2, maps.dagRuns.size(), "two finished jobs are kept: the latest two DAGs'");
    }

    @Test
    void overTheDagLimitTheOldestFinishedDagsGoToo() throws InterruptedException
    {
        start(0, 0, 1, 0);
        final long first = runOneJob("first", true);
        final long second = runOneJob("second", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> maps.dagRuns.get(first) == null && maps.dags.get(first) == null);
        assertNotNull(maps.dagRuns.get(second));
    }

    @Test
    void deadLettersHaveTheirOwnRetention() throws InterruptedException
    {
        start(0, 0, 0, 1_500);
        final long dagId = runOneJob("failing", false);
        final String key = DeadLetterRecord.key(dagId, 0);
        assertNotNull(maps.deadLetters.get(key));
        assertNotNull(maps.dagRuns.get(dagId), "with no retention set for DAGs, the DAG stays");
        await().atMost(Duration.ofSeconds(10)).until(() -> maps.deadLetters.get(key) == null);
    }

    /** Submits a one-job DAG under a reference key, runs it to success or to a permanent failure, and waits for its end. */
    private long runOneJob(final String referenceKey, final boolean succeed) throws InterruptedException
    {
        final LinkedBlockingQueue<Long> accepted = new LinkedBlockingQueue<>();
        scheduler.trySubmit(new DagValidator().validate(new DagSpec(referenceKey, List.of(
                new JobSpec("a", "ocr", 0, null, List.of(), new RetryPolicy(1, 10, 1.0, 10, 0.0), 0, 0, 0)),
                FailurePolicy.CONTINUE, referenceKey, null)),
            new SubmissionCallback()
            {
                @Override
                public void onAccepted(final long id)
                {
                    accepted.add(id);
                }

                @Override
                public void onFailed(final long id, final String reason)
                {
                }
            });
        final long dagId = accepted.poll(10, TimeUnit.SECONDS);
        final long[] dispatch = dispatches.poll(10, TimeUnit.SECONDS);
        assertEquals(dagId, dispatch[0]);
        if (succeed)
        {
            scheduler.onSucceeded(EXECUTOR, dagId, 0, dispatch[2], System.currentTimeMillis(), null);
        }
        else
        {
            scheduler.onFailed(EXECUTOR, dagId, 0, dispatch[2], System.currentTimeMillis(), false, "broken");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            final DagRunRecord run = maps.dagRuns.get(dagId);
            return run != null && run.dagState().isTerminal();
        });
        return dagId;
    }
}
