package io.weft.fabric.gateway;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a gateway can do: the executor classes its connected executors serve right now, and the features its
 * operator declared. A group's required capabilities may name either.
 */
public record RuntimeCapabilities(List<String> executorClasses, List<String> features)
{
    public RuntimeCapabilities
    {
        executorClasses = executorClasses == null ? List.of() : executorClasses.stream().distinct().sorted().toList();
        features = features == null ? List.of() : features.stream().distinct().sorted().toList();
    }

    public Set<String> all()
    {
        final Set<String> all = new TreeSet<>(executorClasses);
        all.addAll(features);
        return all;
    }
}
