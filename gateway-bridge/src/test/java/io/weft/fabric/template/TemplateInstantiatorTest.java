package io.weft.fabric.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.FabricException;
import io.weft.fabric.FabricJson;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placeholder substitution, parameter checks, and the digest's independence from key order and spacing. */
class TemplateInstantiatorTest
{
    static JsonNode json(final String text)
    {
        try
        {
            return FabricJson.mapper().readTree(text);
        }
        catch (final Exception ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    static TemplateDefinition invoice(final String version)
    {
        return new TemplateDefinition(
            "invoice",
            version,
            "OCR then classify",
            Map.of("doc", json("null"), "lang", json("\"en\""), "prio", json("5")),
            json("""
                {"name": "invoice ${doc}",
                 "jobs": [
                   {"id": "ocr", "executorClass": "ocr", "priority": "${prio}",
                    "payload": {"document": "${doc}", "lang": "${lang}", "scale": 1.50}},
                   {"id": "classify", "executorClass": "classify", "dependsOn": ["ocr"]}]}
                """));
    }

    @Test
    void substitutesWholeValuesAsJsonAndEmbeddedOnesAsText()
    {
        final JsonNode dag = TemplateInstantiator.instantiate(invoice("1"), Map.of("doc", json("\"s3://in/17.pdf\""), "prio", json("9")));

        assertEquals("invoice s3://in/17.pdf", dag.path("name").asText());
        final JsonNode ocr = dag.path("jobs").get(0);
        assertTrue(ocr.path("priority").isInt(), "a whole-value placeholder takes the argument's JSON type");
        assertEquals(9, ocr.path("priority").asInt());
        assertEquals("s3://in/17.pdf", ocr.path("payload").path("document").asText());
        assertEquals("en", ocr.path("payload").path("lang").asText(), "a default fills an omitted parameter");
        assertEquals("1.50", ocr.path("payload").path("scale").decimalValue().toPlainString(), "decimals are kept as written");
    }

    @Test
    void refusesAMissingRequiredParameterAndAnUndeclaredOne()
    {
        final FabricException missing = assertThrows(FabricException.class,
            () -> TemplateInstantiator.instantiate(invoice("1"), Map.of("lang", json("\"de\""))));
        assertEquals("missing-parameter", missing.slug());
        assertEquals(422, missing.httpStatus());
        assertTrue(missing.getMessage().contains("[doc]"), missing.getMessage());

        final FabricException unknown = assertThrows(FabricException.class,
            () -> TemplateInstantiator.instantiate(invoice("1"), Map.of("doc", json("\"x\""), "colour", json("\"red\""))));
        assertEquals("unknown-parameter", unknown.slug());
        assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
    }

    @Test
    void aTemplateMustDeclareEveryPlaceholderItUses()
    {
        assertEquals(Set.of("doc", "lang", "prio"), TemplateInstantiator.placeholders(invoice("1").dag()));
        TemplateInstantiator.checkDeclared(invoice("1"));

        final TemplateDefinition undeclared = new TemplateDefinition("t", "1", null, Map.of(), json("{\"jobs\": [{\"id\": \"${x}\"}]}"));
        final FabricException ex = assertThrows(FabricException.class, () -> TemplateInstantiator.checkDeclared(undeclared));
        assertEquals("invalid-template", ex.slug());
    }

    @Test
    void digestIgnoresKeyOrderAndSpacingButNotContent()
    {
        final TemplateDefinition a = new TemplateDefinition("t", "1", null, Map.of(),
            json("{\"name\": \"x\", \"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}"));
        final TemplateDefinition b = new TemplateDefinition("t", "1", null, Map.of(),
            json("{ \"jobs\":[ {\"executorClass\":\"ocr\",\"id\":\"a\"} ],\"name\":\"x\" }"));
        final TemplateDefinition c = new TemplateDefinition("t", "1", null, Map.of(),
            json("{\"name\": \"x\", \"jobs\": [{\"id\": \"b\", \"executorClass\": \"ocr\"}]}"));

        assertEquals(TemplateDigester.digest(a), TemplateDigester.digest(b));
        assertNotEquals(TemplateDigester.digest(a), TemplateDigester.digest(c));
        assertTrue(TemplateDigester.digest(a).matches("sha256:[0-9a-f]{64}"));
        assertNotEquals(TemplateDigester.digest(invoice("1")), TemplateDigester.digest(invoice("2")), "the version is content");
    }

    @Test
    void canonicalBytesReadBackToTheSameDigest() throws Exception
    {
        final TemplateDefinition original = invoice("1");
        final TemplateDefinition readBack =
            FabricJson.mapper().readValue(TemplateDigester.canonicalBytes(original), TemplateDefinition.class);
        assertEquals(TemplateDigester.digest(original), TemplateDigester.digest(readBack));
    }
}
