package io.weft.scheduler.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagValidatorTest
{
    private final DagValidator validator = new DagValidator(16, 1000);

    private static JobSpec job(final String id, final String... dependsOn)
    {
        return new JobSpec(id, "ocr", 0, null, List.of(dependsOn));
    }

    private DagValidationException refused(final List<JobSpec> jobs)
    {
        return assertThrows(DagValidationException.class, () -> validator.validate(new DagSpec("d", jobs)));
    }

    @Test
    void buildsParentsAndChildrenByIndex()
    {
        final DagPlan plan = validator.validate(new DagSpec("diamond", List.of(job("a"), job("b", "a"), job("c", "a"), job("d", "b", "c"))));
        assertEquals(4, plan.jobCount());
        assertArrayEquals(new int[] {1, 2}, plan.children(0));
        assertArrayEquals(new int[] {1, 2}, plan.parents(3));
        assertEquals(0, plan.parentCount(0));
    }

    @Test
    void refusesAnEmptyDag()
    {
        assertEquals(DagValidationException.Problem.EMPTY_DAG, refused(List.of()).problem());
    }

    @Test
    void refusesADuplicateJobId()
    {
        final DagValidationException ex = refused(List.of(job("a"), job("a")));
        assertEquals(DagValidationException.Problem.DUPLICATE_JOB_ID, ex.problem());
        assertTrue(ex.getMessage().contains("'a'"));
    }

    @Test
    void refusesAnUnknownDependency()
    {
        final DagValidationException ex = refused(List.of(job("a", "ghost")));
        assertEquals(DagValidationException.Problem.UNKNOWN_DEPENDENCY, ex.problem());
        assertTrue(ex.getMessage().contains("ghost"));
    }

    @Test
    void refusesACycleAndNamesItsJobs()
    {
        final DagValidationException ex = refused(List.of(job("root"), job("a", "root", "c"), job("b", "a"), job("c", "b")));
        assertEquals(DagValidationException.Problem.DEPENDENCY_CYCLE, ex.problem());
        assertTrue(ex.getMessage().contains("a") && ex.getMessage().contains("b") && ex.getMessage().contains("c"));
    }

    @Test
    void refusesASelfDependency()
    {
        assertEquals(DagValidationException.Problem.DEPENDENCY_CYCLE, refused(List.of(job("a", "a"))).problem());
    }

    @Test
    void refusesAPayloadOverTheLimit()
    {
        final DagValidationException ex = refused(List.of(new JobSpec("big", "ocr", 0, new byte[17], List.of())));
        assertEquals(DagValidationException.Problem.PAYLOAD_TOO_LARGE, ex.problem());
        assertEquals(413, ex.problem().httpStatus());
    }

    @Test
    void refusesAJobWithoutAClass()
    {
        assertEquals(DagValidationException.Problem.MISSING_FIELD, refused(List.of(new JobSpec("a", " ", 0, null, null))).problem());
    }
}
