package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobListing;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job listings read each member's job index, on a real grid of two members (three for a while): the journal's own
 * entry processors keep the indexes, and a listing must agree with the run records whatever the filter, the page,
 * or the member that joined or died.
 */
class GridJobQueriesTest
{
    private static final String CLUSTER = "weft-listing-" + UUID.randomUUID();
    private static HazelcastInstance first;
    private static HazelcastInstance second;
    private static GridMaps maps;
    private static GridJobQueries queries;

    @BeforeAll
    static void start()
    {
        first = GridMemberFactory.start(CLUSTER, "127.0.0.1", 0, List.of());
        second = GridMemberFactory.start(CLUSTER, "127.0.0.1", 0, List.of(address(first)));
        await().atMost(Duration.ofSeconds(20)).until(() -> first.getCluster().getMembers().size() == 2);
        maps = new GridMaps(first);
        queries = new GridJobQueries(maps);
    }

    @AfterAll
    static void stop()
    {
        second.shutdown();
        first.shutdown();
    }

    @BeforeEach
    void empty()
    {
        // Entry by entry, as retention deletes: each member's index hears of every record that goes.
        maps.dagRuns.executeOnEntries(new DeleteProcessor<>());
        maps.dags.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> queries.listJobs(null, null, null, 0, 1).total() == 0);
    }

    private static String address(final HazelcastInstance member)
    {
        return "127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort();
    }

    /** A DAG of the given classes, submitted by {@code by}, all of whose jobs are first WAITING. */
    private static void submit(final long dagId, final String by, final String... classes)
    {
        final List<JobSpec> jobs = new ArrayList<>();
        for (int i = 0; i < classes.length; i++)
        {
            jobs.add(new JobSpec("j" + i, classes[i], 0, null, List.of()));
        }
        final DagPlan plan = new DagValidator().validate(new DagSpec("dag-" + dagId, jobs)).submittedBy(by);
        maps.dags.set(dagId, DagRecord.of(dagId, 1L, plan));
        final JobDeltaProcessor create = new JobDeltaProcessor(1L);
        create.create(plan, 1L);
        assertEquals(0, maps.dagRuns.executeOnKey(dagId, create));
    }

    /** Moves jobs of one DAG; {@code changes} alternates job index and state. */
    private static JobDeltaProcessor move(final Object... changes)
    {
        final JobDeltaProcessor delta = new JobDeltaProcessor(1L);
        for (int i = 0; i < changes.length; i += 2)
        {
            delta.addJob((Integer)changes[i], (byte)((JobState)changes[i + 1]).ordinal(), 1, 1, 7, 1, 2, 3, 4, null, null);
        }
        return delta;
    }

    private static List<String> ids(final JobPage page)
    {
        final List<String> ids = new ArrayList<>();
        for (final JobListing listing : page.jobs())
        {
            ids.add(listing.dagId() + "/" + listing.job().id());
        }
        return ids;
    }

    @Test
    void everyFilterAndPageAgreesWithTheRunRecords()
    {
        submit(1L, "alice", "ocr", "ocr", "embed", "ocr", "embed");
        submit(2L, "bob", "ocr", "ocr");
        submit(3L, "alice", "embed");
        // Several DAGs on several partitions in one call, as a ring batch writes them.
        final Map<Long, JobDeltaProcessor> batch = new HashMap<>();
        batch.put(1L, move(0, JobState.FAILED, 1, JobState.RUNNING, 2, JobState.FAILED, 3, JobState.FAILED));
        batch.put(2L, move(0, JobState.FAILED, 1, JobState.SUCCEEDED));
        batch.put(3L, move(0, JobState.RUNNING));
        maps.dagRuns.executeOnKeys(batch.keySet(), new BatchDeltaProcessor(batch));

        await().atMost(Duration.ofSeconds(10)).until(() -> queries.listJobs(JobState.FAILED, null, null, 0, 100).total() == 4);
        assertEquals(List.of("1/j0", "1/j2", "1/j3", "2/j0"), ids(queries.listJobs(JobState.FAILED, null, null, 0, 100)));
        assertEquals(List.of("1/j0", "1/j3", "2/j0"), ids(queries.listJobs(JobState.FAILED, "ocr", null, 0, 100)));
        assertEquals(List.of("1/j2", "1/j4", "3/j0"), ids(queries.listJobs(null, "embed", null, 0, 100)));
        // DAG 1 has running jobs and embed jobs, but no running embed job: the index lookup passes it, the count does not.
        assertEquals(List.of("3/j0"), ids(queries.listJobs(JobState.RUNNING, "embed", null, 0, 100)));
        assertEquals(List.of("1/j0", "1/j2", "1/j3"), ids(queries.listJobs(JobState.FAILED, null, "alice", 0, 100)));
        assertEquals(0, queries.listJobs(null, null, "mallory", 0, 100).total());
        assertEquals(0, queries.listJobs(JobState.CANCELLED, null, null, 0, 100).total());

        final List<String> all = ids(queries.listJobs(null, null, null, 0, 100));
        assertEquals(8, all.size());
        for (int offset = 0; offset <= 8; offset++)
        {
            for (final int limit : new int[] {1, 2, 3, 5})
            {
                final JobPage page = queries.listJobs(null, null, null, offset, limit);
                assertEquals(8, page.total());
                assertEquals(all.subList(offset, Math.min(8, offset + limit)), ids(page), "offset " + offset + " limit " + limit);
            }
        }

        // The index follows later changes.
        maps.dagRuns.executeOnKey(2L, move(0, JobState.READY));
        await().atMost(Duration.ofSeconds(10)).until(() -> queries.listJobs(JobState.FAILED, null, null, 0, 100).total() == 3);
        assertEquals(List.of("2/j0"), ids(queries.listJobs(JobState.READY, null, "bob", 0, 100)));
    }

    @Test
    void aFinishedDagLeavesTheIndexWithItsRunRecord()
    {
        submit(11L, "alice", "ocr");
        submit(12L, "alice", "ocr");
        final JobDeltaProcessor expiring = move(0, JobState.SUCCEEDED);
        expiring.dagState(DagState.SUCCEEDED, 5L, false, 1_000);
        maps.dagRuns.executeOnKey(11L, expiring);
        assertEquals(List.of("11/j0"), ids(queries.listJobs(JobState.SUCCEEDED, null, null, 0, 10)));

        // 11 by its retention, 12 deleted as the count limit deletes.
        maps.dagRuns.submitToKeys(java.util.Set.of(12L), new DeleteProcessor<>());
        await().atMost(Duration.ofSeconds(20)).until(() -> queries.listJobs(null, null, null, 0, 10).total() == 0);
        assertNull(maps.dagRuns.get(11L));
    }

    @Test
    void theIndexSurvivesAMemberThatDiesAndStillFollowsTheRecords()
    {
        final HazelcastInstance third = GridMemberFactory.start(CLUSTER, "127.0.0.1", 0, List.of(address(first)));
        await().atMost(Duration.ofSeconds(20)).until(() -> first.getCluster().getMembers().size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getPartitionService().isClusterSafe());
        final int dags = 60;
        for (long dagId = 100; dagId < 100 + dags; dagId++)
        {
            submit(dagId, "carol", "ocr", "ocr");
            maps.dagRuns.executeOnKey(dagId, move(0, JobState.RUNNING));
        }
        assertEquals(dags, queries.listJobs(JobState.RUNNING, "ocr", "carol", 0, 1_000).total());

        third.getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getCluster().getMembers().size() == 2);
        // Until the survivors have promoted the dead member's backups, a listing may miss its DAGs; then none is missing.
        await().atMost(Duration.ofSeconds(20)).until(() -> queries.listJobs(JobState.RUNNING, null, null, 0, 1_000).total() == dags);
        assertEquals(dags, queries.listJobs(JobState.RUNNING, null, null, 0, 1_000).jobs().size());

        // The survivors rebuilt their indexes from their records, promoted backups included; changes are filed as before.
        for (long dagId = 100; dagId < 100 + dags; dagId++)
        {
            maps.dagRuns.executeOnKey(dagId, move(0, JobState.SUCCEEDED, 1, JobState.FAILED));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queries.listJobs(JobState.FAILED, null, null, 0, 1_000).total() == dags);
        assertEquals(0, queries.listJobs(JobState.RUNNING, null, null, 0, 1_000).total());
        assertTrue(queries.listJobs(JobState.SUCCEEDED, "ocr", "carol", 0, 5).jobs().size() == 5);
    }
}
