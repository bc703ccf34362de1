package io.weft.scheduler.api;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an executor instance declared when it registered: who it is and how many slots of each class it offers. The
 * classes are kept sorted by name: the core offers an instance's slots to its classes in this order, so the order
 * must not depend on the JVM (an immutable {@code Map.copyOf} iterates in an order salted per JVM, which made a
 * simulated seed replay differently from one run of the tests to the next).
 */
public record ExecutorDescriptor(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    Map<String, Integer> slotsByClass)
{
    public ExecutorDescriptor
    {
        capabilities = Set.copyOf(capabilities);
        final TreeMap<String, Integer> sorted = new TreeMap<>();
        slotsByClass.forEach((executorClass, slots) -> sorted.put(executorClass, java.util.Objects.requireNonNull(slots, executorClass)));
        slotsByClass = Collections.unmodifiableMap(sorted);
    }
}
