package io.weft.scheduler.api;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The core offers an instance's slots to its classes in the descriptor's order: it must be the same in every JVM. */
class ExecutorDescriptorTest
{
    @Test
    void classesAreKeptInNameOrderWhateverMapTheyCameIn()
    {
        final Map<String, Integer> slots = new HashMap<>();
        for (final String executorClass : List.of("split", "ocr", "llm", "embed", "zip"))
        {
            slots.put(executorClass, executorClass.length());
        }
        final ExecutorDescriptor descriptor = new ExecutorDescriptor(7, "d", "o", "1", Set.of(), slots);
        assertEquals(List.of("embed", "llm", "ocr", "split", "zip"), List.copyOf(descriptor.slotsByClass().keySet()));
        assertEquals(slots, descriptor.slotsByClass());
        assertThrows(UnsupportedOperationException.class, () -> descriptor.slotsByClass().put("x", 1));
    }

    @Test
    void aClassWithoutASlotCountIsRefused()
    {
        final Map<String, Integer> slots = new HashMap<>();
        slots.put("ocr", null);
        assertThrows(NullPointerException.class, () -> new ExecutorDescriptor(7, "d", "o", "1", Set.of(), slots));
    }
}
