package io.weft.rest;

import io.netty.buffer.Unpooled;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict reader alone: what it accepts, how payloads are kept, and the field path of each refusal. */
class DagSubmissionReaderTest
{
    private final DagSubmissionReader reader = new DagSubmissionReader(new JsonCodec());

    @Test
    void readsAllFieldsAndKeepsPayloadsExactAndCompact()
    {
        final DagSpec spec = read("""
            {"name": "n", "jobs": [
              {"id": "a", "executorClass": "ocr", "priority": -3,
               "payload": {"price": 10.10, "big": 123456789012345678901234567890, "s": "\\u00e9"},
               "dependsOn": []},
              {"id": "b", "executorClass": "ocr", "payload": [true, null], "dependsOn": ["a"]},
              {"id": "c", "executorClass": "ocr", "payload": null, "priority": null}
            ]}
            """);

        assertEquals("n", spec.name());
        final JobSpec a = spec.jobs().get(0);
        assertEquals(-3, a.priority());
        assertEquals("{\"price\":10.10,\"big\":123456789012345678901234567890,\"s\":\"\u00e9\"}",
            new String(a.payload(), StandardCharsets.UTF_8));
        assertEquals(List.of("a"), spec.jobs().get(1).dependsOn());
        assertEquals("[true,null]", new String(spec.jobs().get(1).payload(), StandardCharsets.UTF_8));
        assertEquals(0, spec.jobs().get(2).payload().length);
        assertEquals(0, spec.jobs().get(2).priority());
    }

    @Test
    void nullNameAndIdPassThroughForTheValidatorToJudge()
    {
        final DagSpec spec = read("{\"name\": null, \"jobs\": [{\"id\": null}]}");

        assertEquals("", spec.name());
        assertNull(spec.jobs().get(0).id());
    }

    @Test
    void fractionalPriorityIsRefused()
    {
        assertRefused("{\"jobs\": [{\"priority\": 5.0}]}", "invalid-field-type", "jobs[0].priority");
    }

    @Test
    void priorityBeyondIntIsRefused()
    {
        assertRefused("{\"jobs\": [{\"priority\": 2147483648}]}", "invalid-field-type", "jobs[0].priority");
    }

    @Test
    void numericIdIsRefusedNotCoerced()
    {
        assertRefused("{\"jobs\": [{\"id\": 42}]}", "invalid-field-type", "jobs[0].id");
    }

    @Test
    void nonStringDependencyIsRefusedWithItsIndex()
    {
        assertRefused("{\"jobs\": [{\"dependsOn\": [\"a\", 7]}]}", "invalid-field-type", "jobs[0].dependsOn[1]");
    }

    @Test
    void jobThatIsNotAnObjectIsRefused()
    {
        assertRefused("{\"jobs\": [\"a\"]}", "invalid-field-type", "jobs[0]");
    }

    @Test
    void firstProblemInDocumentOrderWins()
    {
        assertRefused("{\"jobs\": [{\"colour\": 1, \"priority\": \"x\"}]}", "unknown-field", "jobs[0].colour");
    }

    @Test
    void duplicateKeyIsMalformed()
    {
        final HttpProblem problem = refusal("{\"name\": \"a\", \"name\": \"b\"}");

        assertEquals("malformed-json", problem.slug());
        assertTrue(problem.detail().contains("name"), problem.detail());
    }

    @Test
    void trailingContentIsMalformed()
    {
        assertEquals("malformed-json", refusal("{\"jobs\": []} {}").slug());
    }

    // ---------------------------------------------------------------- execution semantics fields

    @Test
    void readsFailurePolicyRetryAndTimings()
    {
        final DagSpec spec = read("""
            {"name": "n", "failurePolicy": "FAIL_FAST", "jobs": [
              {"id": "a", "executorClass": "ocr",
               "retry": {"maxAttempts": 5, "initialBackoffMs": 250, "multiplier": 1.5, "maxBackoffMs": 4000, "jitter": 0},
               "softDeadlineMs": 1000, "hardDeadlineMs": 2000, "runTimeoutMs": 300}
            ]}
            """);

        assertEquals(FailurePolicy.FAIL_FAST, spec.failurePolicy());
        final JobSpec a = spec.jobs().get(0);
        assertEquals(new RetryPolicy(5, 250, 1.5, 4000, 0.0), a.retry());
        assertEquals(1000, a.softDeadlineMs());
        assertEquals(2000, a.hardDeadlineMs());
        assertEquals(300, a.runTimeoutMs());
    }

    @Test
    void absentAndNullFieldsTakeTheDefaults()
    {
        final DagSpec spec = read("""
            {"failurePolicy": null, "jobs": [
              {"id": "a", "executorClass": "ocr"},
              {"id": "b", "executorClass": "ocr", "retry": null, "softDeadlineMs": null, "runTimeoutMs": null}
            ]}
            """);

        assertEquals(FailurePolicy.CONTINUE, spec.failurePolicy());
        for (final JobSpec job : spec.jobs())
        {
            assertEquals(RetryPolicy.DEFAULT, job.retry());
            assertEquals(0, job.softDeadlineMs());
            assertEquals(0, job.hardDeadlineMs());
            assertEquals(0, job.runTimeoutMs());
        }
    }

    @Test
    void missingRetryFieldsTakeTheDefaultPolicysValues()
    {
        final RetryPolicy retry = read("""
            {"jobs": [{"id": "a", "executorClass": "ocr", "retry": {"maxAttempts": 1}}]}
            """).jobs().get(0).retry();

        final RetryPolicy d = RetryPolicy.DEFAULT;
        assertEquals(new RetryPolicy(1, d.initialBackoffMs(), d.multiplier(), d.maxBackoffMs(), d.jitter()), retry);
        assertEquals(RetryPolicy.DEFAULT, read("{\"jobs\": [{\"retry\": {}}]}").jobs().get(0).retry());
    }

    @Test
    void integralMultiplierAndJitterOfOneAreAccepted()
    {
        final RetryPolicy retry = read("{\"jobs\": [{\"retry\": {\"multiplier\": 3, \"jitter\": 1}}]}").jobs().get(0).retry();

        assertEquals(3.0, retry.multiplier());
        assertEquals(1.0, retry.jitter());
    }

    @Test
    void unknownFailurePolicyIsRefusedNamingTheField()
    {
        final HttpProblem problem = assertRefused("{\"failurePolicy\": \"fail_fast\"}", "invalid-field-value", "failurePolicy");

        assertEquals(400, problem.status());
        assertTrue(problem.detail().contains("CONTINUE, FAIL_FAST") && problem.detail().contains("'fail_fast'"), problem.detail());
    }

    @Test
    void failurePolicyThatIsNotAStringIsInvalidFieldType()
    {
        assertRefused("{\"failurePolicy\": 1}", "invalid-field-type", "failurePolicy");
    }

    @Test
    void outOfRangeRetryValuesAre422NamingTheJobAndField()
    {
        final String[][] cases = {
            {"\"maxAttempts\": 0", "maxAttempts"},
            {"\"initialBackoffMs\": -1", "initialBackoffMs"},
            {"\"multiplier\": 0.5", "multiplier"},
            {"\"maxBackoffMs\": -5", "maxBackoffMs"},
            {"\"jitter\": 1.01", "jitter"},
            {"\"jitter\": -0.1", "jitter"},
            {"\"multiplier\": 1e400", "multiplier"},
        };
        for (final String[] c : cases)
        {
            final HttpProblem problem = refusal(
                "{\"jobs\": [{\"id\": \"x\", \"executorClass\": \"ocr\"}, {\"retry\": {" + c[0] + "}, \"id\": \"scan-2\"}]}");
            assertEquals("invalid-retry-policy", problem.slug(), c[0] + ": " + problem.detail());
            assertEquals(422, problem.status());
            assertEquals("jobs[1].retry." + c[1], problem.field(), c[0]);
            assertTrue(problem.detail().contains("'scan-2'") && problem.detail().contains(c[1]), problem.detail());
        }
    }

    @Test
    void retryProblemOfAJobWithoutIdNamesItsPosition()
    {
        final HttpProblem problem = refusal("{\"jobs\": [{\"retry\": {\"maxAttempts\": 0}}]}");

        assertEquals("invalid-retry-policy", problem.slug());
        assertTrue(problem.detail().contains("jobs[0]"), problem.detail());
    }

    @Test
    void wrongRetryTypesAreInvalidFieldType()
    {
        assertRefused("{\"jobs\": [{\"retry\": 3}]}", "invalid-field-type", "jobs[0].retry");
        assertRefused("{\"jobs\": [{\"retry\": {\"maxAttempts\": 2.5}}]}", "invalid-field-type", "jobs[0].retry.maxAttempts");
        assertRefused("{\"jobs\": [{\"retry\": {\"maxAttempts\": 3000000000}}]}", "invalid-field-type", "jobs[0].retry.maxAttempts");
        assertRefused("{\"jobs\": [{\"retry\": {\"multiplier\": \"2\"}}]}", "invalid-field-type", "jobs[0].retry.multiplier");
        assertRefused("{\"jobs\": [{\"retry\": {\"jitter\": true}}]}", "invalid-field-type", "jobs[0].retry.jitter");
        assertRefused("{\"jobs\": [{\"retry\": {\"backoff\": 1}}]}", "unknown-field", "jobs[0].retry.backoff");
    }

    @Test
    void wrongTimingTypesAreInvalidFieldType()
    {
        assertRefused("{\"jobs\": [{\"softDeadlineMs\": \"10\"}]}", "invalid-field-type", "jobs[0].softDeadlineMs");
        assertRefused("{\"jobs\": [{\"hardDeadlineMs\": 1.5}]}", "invalid-field-type", "jobs[0].hardDeadlineMs");
        assertRefused("{\"jobs\": [{\"runTimeoutMs\": 99999999999999999999}]}", "invalid-field-type", "jobs[0].runTimeoutMs");
    }

    @Test
    void negativeTimingsPassThroughForTheValidatorToJudge()
    {
        final JobSpec job = read("{\"jobs\": [{\"softDeadlineMs\": -1, \"hardDeadlineMs\": -2, \"runTimeoutMs\": -3}]}").jobs().get(0);

        assertEquals(-1, job.softDeadlineMs());
        assertEquals(-2, job.hardDeadlineMs());
        assertEquals(-3, job.runTimeoutMs());
    }

    private DagSpec read(final String json)
    {
        return reader.read(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    private HttpProblem refusal(final String json)
    {
        return assertThrows(HttpProblemException.class, () -> read(json)).problem();
    }

    private HttpProblem assertRefused(final String json, final String slug, final String field)
    {
        final HttpProblem problem = refusal(json);
        assertEquals(slug, problem.slug(), problem.detail());
        assertEquals(field, problem.field());
        assertTrue(problem.detail().contains(field), problem.detail());
        return problem;
    }
}
