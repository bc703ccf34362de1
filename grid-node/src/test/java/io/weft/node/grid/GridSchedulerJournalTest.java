package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.SchedulerContext;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler journaling into a real Hazelcast member; the dispatch side is observed, not networked. */
class GridSchedulerJournalTest
{
    private HazelcastInstance hazelcast;
    private GridMaps maps;
    private Scheduler scheduler;
    private GridSchedulerJournal journal;
    private final ConcurrentLinkedQueue<long[]> dispatches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start()
    {
        hazelcast = GridMemberFactory.start("weft-journal-" + UUID.randomUUID(), "127.0.0.1", 0, List.of());
        maps = new GridMaps(hazelcast);
        final DispatchSender sender = new DispatchSender()
        {
            @Override
            public boolean sendDispatch(
                final long instanceId, final long dagId, final int jobIndex, final int attempt, final long token,
                final long deadlineEpochMs, final String executorClass, final String jobId, final byte[] payload)
            {
                // The moment a dispatch would leave the node, its lease must already be in the grid.
                final DagRunRecord run = maps.dagRuns.get(dagId);
                if (run == null || !run.holdsLease(jobIndex) || run.fencingToken(jobIndex) != token || run.executorId(jobIndex) != instanceId)
                {
                    violations.add("no durable lease for " + jobId + " at dispatch");
                }
                dispatches.add(new long[] {instanceId, dagId, jobIndex, token});
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
        scheduler = new Scheduler(new SchedulerContext(), journal = new GridSchedulerJournal(maps), sender).start();
    }

    @AfterEach
    void stop()
    {
        scheduler.close();
        hazelcast.shutdown();
    }

    @Test
    void dagIsDurableBeforeAckAndLeaseIsDurableBeforeDispatch()
    {
        final AtomicLong acked = new AtomicLong();
        final long dagId = scheduler.trySubmit(
            new DagValidator().validate(new DagSpec("journal", List.of(
                new JobSpec("a", "ocr", 0, "{\"x\":1}".getBytes(), List.of()),
                new JobSpec("b", "ocr", 0, null, List.of("a"))))),
            new SubmissionCallback()
            {
                @Override
                public void onAccepted(final long id)
                {
                    if (maps.dags.get(id) == null)
                    {
                        violations.add("acknowledged before the DAG was in the grid");
                    }
                    acked.set(id);
                }

                @Override
                public void onFailed(final long id, final String reason)
                {
                    violations.add("submission failed: " + reason);
                }
            });
        await().atMost(Duration.ofSeconds(10)).until(() -> acked.get() == dagId);

        final GridDagQueries queries = new GridDagQueries(maps);
        DagView view = queries.findDag(dagId).orElseThrow();
        assertEquals(DagState.PENDING, view.state());
        assertEquals(JobState.READY, view.jobs().get(0).state());
        assertEquals(JobState.WAITING, view.jobs().get(1).state());

        scheduler.onExecutorRegistered(new ExecutorDescriptor(9, "d", "o", "1", Set.of(), Map.of("ocr", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches.size() == 1);
        final long[] first = dispatches.poll();
        scheduler.onSucceeded(9, dagId, (int)first[2], first[3], System.currentTimeMillis(), "{\"pages\":3}".getBytes(UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatches.size() == 1);
        final long[] second = dispatches.poll();
        assertTrue(second[3] > first[3], "fencing tokens grow");
        scheduler.onSucceeded(9, dagId, (int)second[2], second[3], System.currentTimeMillis(), null);

        await().atMost(Duration.ofSeconds(10)).until(() -> queries.findDag(dagId).orElseThrow().state() == DagState.SUCCEEDED);
        view = queries.findDag(dagId).orElseThrow();
        assertEquals(JobState.SUCCEEDED, view.jobs().get(1).state());
        assertEquals(1, view.jobs().get(1).attempts());
        assertEquals(9, view.jobs().get(1).executorInstanceId());
        assertEquals("{\"pages\":3}", new String(view.jobs().get(0).result(), UTF_8), "the result is kept with its job");
        assertNull(view.jobs().get(1).result(), "a job that returned nothing has no result");
        assertTrue(!maps.dagRuns.get(dagId).holdsLease(1), "an ended attempt holds no lease");
        assertNotNull(maps.dags.get(dagId).payload(0));
        assertEquals(List.of(), List.copyOf(violations));
        assertEquals(0, journal.fencedWrites());
    }

    @Test
    void theGridRefusesAJobChangeFromAnOlderLease()
    {
        final JobDeltaProcessor create = new JobDeltaProcessor();
        create.create(1, 1L, null, new String[] {"test"}, null);
        create.addJob(0, (byte)JobState.LEASED.ordinal(), 2, 500, 9, 1, 2, 0, 0, null, null);
        assertEquals(0, maps.dagRuns.executeOnKey(77L, create));

        final JobDeltaProcessor stale = new JobDeltaProcessor();
        stale.addJob(0, (byte)JobState.SUCCEEDED.ordinal(), 1, 499, 8, 1, 2, 3, 4, null, "stale".getBytes(UTF_8));
        assertEquals(1, maps.dagRuns.executeOnKey(77L, stale), "an older token is refused");
        final DagRunRecord run = maps.dagRuns.get(77L);
        assertEquals(JobState.LEASED, run.jobState(0));
        assertNull(run.result(0), "and so is its result");
        assertEquals(500, run.fencingToken(0));

        final JobDeltaProcessor current = new JobDeltaProcessor();
        current.addJob(0, (byte)JobState.SUCCEEDED.ordinal(), 2, 500, 9, 1, 2, 3, 4, null, null);
        assertEquals(0, maps.dagRuns.executeOnKey(77L, current));
        assertEquals(JobState.SUCCEEDED, maps.dagRuns.get(77L).jobState(0));

        final JobDeltaProcessor unknownDag = new JobDeltaProcessor();
        unknownDag.addJob(0, (byte)JobState.SUCCEEDED.ordinal(), 1, 1, 1, 0, 0, 0, 0, null, null);
        assertEquals(1, maps.dagRuns.executeOnKey(78L, unknownDag), "no record is invented for an unknown DAG");
        assertNull(maps.dagRuns.get(78L));
    }

    @Test
    void resultsSurviveSerializationOfTheDeltaAndTheRecordAndReachTheQueries()
    {
        final SerializationService serialization = ((SerializationServiceSupport)hazelcast).getSerializationService();
        final DagPlan plan = new DagValidator().validate(new DagSpec("results", List.of(
            new JobSpec("binary", "ocr", 0, null, List.of()),
            new JobSpec("none", "ocr", 0, null, List.of()),
            new JobSpec("later", "ocr", 0, null, List.of()))));
        final byte[] binary = {0, (byte)0xff, 'a', '"'};
        maps.dags.set(79L, DagRecord.of(79L, 1L, plan));

        final JobDeltaProcessor delta = new JobDeltaProcessor();
        delta.create(3, 1L, null, new String[] {"test"}, null);
        delta.addJob(0, (byte)JobState.SUCCEEDED.ordinal(), 1, 10, 9, 1, 2, 3, 4, null, binary);
        delta.addJob(1, (byte)JobState.SUCCEEDED.ordinal(), 1, 11, 9, 1, 2, 3, 4, null, null);
        // A member other than the caller's gets the processor in serialized form.
        final JobDeltaProcessor shipped = serialization.toObject(serialization.toData(delta));
        assertEquals(0, maps.dagRuns.executeOnKey(79L, shipped));

        final DagRunRecord stored = maps.dagRuns.get(79L);
        final DagRunRecord copy = serialization.toObject(serialization.toData(stored));
        assertArrayEquals(binary, copy.result(0));
        assertNull(copy.result(1));
        assertNull(copy.result(2));

        final List<JobView> jobs = new GridDagQueries(maps).findDag(79L).orElseThrow().jobs();
        assertArrayEquals(binary, jobs.get(0).result());
        assertNull(jobs.get(1).result());
        assertArrayEquals(binary, new GridJobQueries(maps).listJobs(JobState.SUCCEEDED, null, null, 0, 10).jobs().get(0).job().result());

        final DagRunRecord noResults = serialization.toObject(serialization.toData(new DagRunRecord(80L, 2, 1L)));
        assertNull(noResults.result(0), "a record whose jobs returned nothing round-trips without results");
    }
}
