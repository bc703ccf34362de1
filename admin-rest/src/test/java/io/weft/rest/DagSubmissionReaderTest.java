package io.weft.rest;

import io.netty.buffer.Unpooled;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.JobSpec;
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

    private DagSpec read(final String json)
    {
        return reader.read(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    private HttpProblem refusal(final String json)
    {
        return assertThrows(HttpProblemException.class, () -> read(json)).problem();
    }

    private void assertRefused(final String json, final String slug, final String field)
    {
        final HttpProblem problem = refusal(json);
        assertEquals(slug, problem.slug(), problem.detail());
        assertEquals(field, problem.field());
        assertTrue(problem.detail().contains(field), problem.detail());
    }
}
