package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.DuplicatePolicy;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new owner reads back from a real grid member: the plan as it was accepted (policies, deadlines,
 * dependencies), the run claimed in the same step that fences the old owner, and the owner epoch's compare-and-set.
 */
class TakeoverRecordsTest
{
    private static HazelcastInstance hazelcast;
    private static GridMaps maps;
    private static SerializationService serialization;

    @BeforeAll
    static void start()
    {
        hazelcast = GridMemberFactory.start("weft-takeover-" + UUID.randomUUID(), "127.0.0.1", 0, List.of());
        maps = new GridMaps(hazelcast);
        serialization = ((SerializationServiceSupport)hazelcast).getSerializationService();
    }

    @AfterAll
    static void stop()
    {
        hazelcast.shutdown();
    }

    private static <T> T shipped(final T value)
    {
        return serialization.toObject(serialization.toData(value));
    }

    @Test
    void aDefinitionComesBackAsThePlanItWasAcceptedWith()
    {
        final RetryPolicy retry = new RetryPolicy(5, 200, 3.0, 9_000, 0.1);
        final DagPlan plan = new DagValidator().validate(new DagSpec("policies", List.of(
            new JobSpec("a", "ocr", 3, "{}".getBytes(), List.of(), retry, 1_000, 2_000, 500),
            new JobSpec("b", "llm", 1, "{}".getBytes(), List.of("a"))), FailurePolicy.FAIL_FAST, "doc-7", DuplicatePolicy.REPLACE));
        final DagPlan back = shipped(DagRecord.of(11L, 5L, plan)).toPlan(new DagValidator());
        assertEquals(retry, back.retry(0));
        assertEquals(RetryPolicy.DEFAULT, back.retry(1));
        assertEquals(1_000, back.softDeadlineMs(0));
        assertEquals(2_000, back.hardDeadlineMs(0));
        assertEquals(500, back.runTimeoutMs(0));
        assertEquals(FailurePolicy.FAIL_FAST, back.failurePolicy());
        assertEquals(DuplicatePolicy.REPLACE, back.duplicatePolicy());
        assertEquals("doc-7", back.referenceKey());
        assertEquals(1, back.parentCount(1));

        final DagPlan plain = new DagValidator().validate(new DagSpec("plain", List.of(new JobSpec("x", "ocr", 0, null, List.of()))));
        assertEquals(RetryPolicy.DEFAULT, shipped(DagRecord.of(12L, 5L, plain)).toPlan(new DagValidator()).retry(0));
    }

    @Test
    void aClaimReadsTheRunAndFencesEveryLaterWriteOfTheOldEpoch()
    {
        final long dagId = 21L;
        final DagPlan plan = new DagValidator().validate(new DagSpec("run", List.of(new JobSpec("x", "ocr", 0, null, List.of()))));
        maps.dags.set(dagId, DagRecord.of(dagId, 1L, plan));
        final JobDeltaProcessor create = new JobDeltaProcessor(3, "node-a");
        create.create(1, 1L, null, new String[] {"test"}, null);
        create.addJob(0, (byte)JobState.RUNNING.ordinal(), 1, (3L << 40) + 1, 7L, 1, 2, 3, 0, null, null);
        assertEquals(0, maps.dagRuns.executeOnKey(dagId, shipped(create)));

        final List<AdoptedDag> adopted = new DagTakeoverReader(maps, "node-b").claimUnowned(4);
        final AdoptedDag dag = adopted.stream().filter(d -> d.dagId() == dagId).findFirst().orElseThrow();
        assertEquals(JobState.RUNNING, dag.jobStates()[0]);
        assertEquals((3L << 40) + 1, dag.fencingTokens()[0]);
        assertEquals("node-b", maps.dagRuns.get(dagId).ownerNode(), "the record names who holds it now, with the epoch");
        assertEquals(4, maps.dagRuns.get(dagId).ownerEpoch());
        assertEquals(DagState.PENDING, dag.state());
        assertTrue(new DagTakeoverReader(maps, "node-b").claimUnowned(4).stream().noneMatch(d -> d.dagId() == dagId), "claimed once");

        final JobDeltaProcessor late = new JobDeltaProcessor(3);
        late.addJob(0, (byte)JobState.SUCCEEDED.ordinal(), 1, (3L << 40) + 1, 7L, 1, 2, 3, 4, null, null);
        assertEquals(JobDeltaProcessor.FENCED, maps.dagRuns.executeOnKey(dagId, shipped(late)), "the old owner is fenced off");
        assertEquals(JobState.RUNNING, maps.dagRuns.get(dagId).jobState(0));

        final JobDeltaProcessor current = new JobDeltaProcessor(4);
        current.addJob(0, (byte)JobState.SUCCEEDED.ordinal(), 1, (3L << 40) + 1, 7L, 1, 2, 3, 4, null, null);
        assertEquals(0, maps.dagRuns.executeOnKey(dagId, shipped(current)));
        assertEquals(JobState.SUCCEEDED, maps.dagRuns.get(dagId).jobState(0));
    }

    @Test
    void aCancelAskedOfARunningJobTravelsWithItsStateAndIsAdopted()
    {
        final long dagId = 31L;
        final DagPlan plan = new DagValidator().validate(new DagSpec("cancel", List.of(new JobSpec("x", "ocr", 0, null, List.of()))));
        maps.dags.set(dagId, DagRecord.of(dagId, 1L, plan));
        final JobDeltaProcessor delta = new JobDeltaProcessor(5);
        delta.create(1, 1L, null, new String[] {"test"}, null);
        delta.addJob(0, (byte)(JobState.RUNNING.ordinal() | DagRunRecord.CANCEL_REQUESTED), 1, (5L << 40) + 1, 7L, 1, 2, 3, 0,
            "job cancelled", null);
        assertEquals(0, maps.dagRuns.executeOnKey(dagId, shipped(delta)));
        assertEquals(JobState.RUNNING, shipped(maps.dagRuns.get(dagId)).jobState(0), "the flag does not change the state read");
        final AdoptedDag dag = new DagTakeoverReader(maps, "node-b").claimUnowned(6).stream().filter(d -> d.dagId() == dagId).findFirst().orElseThrow();
        assertEquals(JobState.RUNNING, dag.jobStates()[0]);
        assertTrue(dag.cancelRequested()[0]);
    }

    @Test
    void ownershipIsClaimedByCompareAndSetAndARerunOfTheSameClaimChangesNothing()
    {
        maps.owner.delete(GridMaps.OWNER_KEY);
        final ClaimOwnershipProcessor first = new ClaimOwnershipProcessor("a", "uuid-a", 99L, 0);
        assertEquals(1L, maps.owner.executeOnKey(GridMaps.OWNER_KEY, first));
        assertEquals(1L, maps.owner.executeOnKey(GridMaps.OWNER_KEY, shipped(first)), "run twice, the same claim");
        assertEquals(-1L, maps.owner.executeOnKey(GridMaps.OWNER_KEY, new ClaimOwnershipProcessor("b", "uuid-b", 5L, 0)),
            "b saw no owner, but a claimed first");
        assertEquals(2L, maps.owner.executeOnKey(GridMaps.OWNER_KEY, new ClaimOwnershipProcessor("b", "uuid-b", 5L, 1)));
        assertEquals("b", maps.owner.get(GridMaps.OWNER_KEY).nodeId());
    }
}
