package io.weft.fabric.template;

import io.weft.fabric.FabricException;
import io.weft.fabric.store.InMemoryRecordStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing to a gateway is idempotent by digest, and a version never silently changes meaning. */
class TemplateCatalogTest
{
    private final TemplateCatalog catalog =
        new TemplateCatalog(new InMemoryRecordStore<>(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void republishingTheSameContentChangesNothing()
    {
        final TemplatePublished first = catalog.publish(TemplateInstantiatorTest.invoice("1"));
        final TemplatePublished again = catalog.publish(TemplateInstantiatorTest.invoice("1"));

        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.template(), again.template());
        assertEquals(1, catalog.list().templates().size());
    }

    @Test
    void otherContentUnderAnExistingVersionIsAConflict()
    {
        catalog.publish(TemplateInstantiatorTest.invoice("1"));
        final TemplateDefinition changed = new TemplateDefinition(
            "invoice", "1", "changed", TemplateInstantiatorTest.invoice("1").parameters(), TemplateInstantiatorTest.invoice("1").dag());

        final FabricException ex = assertThrows(FabricException.class, () -> catalog.publish(changed));
        assertEquals("template-conflict", ex.slug());
        assertEquals(409, ex.httpStatus());
    }

    @Test
    void listsByNameThenVersionAndRemoves()
    {
        catalog.publish(TemplateInstantiatorTest.invoice("2"));
        catalog.publish(TemplateInstantiatorTest.invoice("1"));

        assertEquals(List.of("1", "2"), catalog.list().templates().stream().map(TemplateSummary::version).toList());
        assertTrue(catalog.remove("invoice", "1"));
        assertFalse(catalog.remove("invoice", "1"));
        assertTrue(catalog.find("invoice", "1").isEmpty());
        assertTrue(catalog.find("invoice", "2").isPresent());
    }
}
