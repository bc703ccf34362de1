package io.weft.node.deployments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares desired deployment states with what runs. MATCH: no difference; DRIFT: each difference listed; UNKNOWN:
 * nodes run under a deployment name nobody declared a desired state for. Only healthy nodes count as running: an
 * UNHEALTHY node is a missing one. A pure function of its inputs, so it is tested without a grid.
 */
public final class DeploymentReconciler
{
    public enum Verdict
    {
        MATCH,
        DRIFT,
        UNKNOWN
    }

    /** One deployment's verdict, its differences, and the summary of what runs that it was judged on. */
    public record Result(String name, Verdict verdict, DesiredDeployment desired, Map<String, Object> actual,
        List<Map<String, Object>> differences)
    {
    }

    private DeploymentReconciler()
    {
    }

    public static List<Result> reconcile(final Map<String, DesiredDeployment> desired, final Map<String, List<DeploymentTracker.ActualNode>> actual)
    {
        final TreeSet<String> names = new TreeSet<>(desired.keySet());
        names.addAll(actual.keySet());
        final List<Result> results = new ArrayList<>();
        for (final String name : names)
        {
            final List<DeploymentTracker.ActualNode> nodes = actual.getOrDefault(name, List.of());
            final List<DeploymentTracker.ActualNode> healthy = nodes.stream().filter(n -> n.health().equals("HEALTHY")).toList();
            final DesiredDeployment wanted = desired.get(name);
            if (wanted == null)
            {
                results.add(new Result(name, Verdict.UNKNOWN, null, summary(nodes, healthy), List.of()));
                continue;
            }
            final List<Map<String, Object>> differences = wanted.phase() == DesiredDeployment.Phase.DEPRECATED
                ? deprecated(healthy) : compare(wanted, healthy);
            results.add(new Result(name, differences.isEmpty() ? Verdict.MATCH : Verdict.DRIFT, wanted, summary(nodes, healthy), differences));
        }
        return results;
    }

    private static List<Map<String, Object>> deprecated(final List<DeploymentTracker.ActualNode> healthy)
    {
        return healthy.isEmpty() ? List.of()
            : List.of(difference("extra-nodes", 0, healthy.size(), instances(healthy), null));
    }

    private static List<Map<String, Object>> compare(final DesiredDeployment wanted, final List<DeploymentTracker.ActualNode> healthy)
    {
        final List<Map<String, Object>> differences = new ArrayList<>();
        if (healthy.size() < wanted.expectedNodes())
        {
            differences.add(difference("missing-nodes", wanted.expectedNodes(), healthy.size(), List.of(), null));
        }
        else if (healthy.size() > wanted.expectedNodes())
        {
            differences.add(difference("extra-nodes", wanted.expectedNodes(), healthy.size(), instances(healthy), null));
        }
        final List<DeploymentTracker.ActualNode> offEpoch = healthy.stream().filter(n -> n.epoch() != wanted.epoch()).toList();
        if (!offEpoch.isEmpty())
        {
            differences.add(difference("epoch", wanted.epoch(), new TreeSet<>(offEpoch.stream().map(n -> n.epoch()).toList()),
                instances(offEpoch), null));
        }
        if (wanted.expectedVersion() != null)
        {
            final List<DeploymentTracker.ActualNode> offVersion =
                healthy.stream().filter(n -> !Objects.equals(n.version(), wanted.expectedVersion())).toList();
            if (!offVersion.isEmpty())
            {
                differences.add(difference("version", wanted.expectedVersion(),
                    new TreeSet<>(offVersion.stream().map(n -> String.valueOf(n.version())).toList()), instances(offVersion), null));
            }
        }
        if (!wanted.slots().isEmpty())
        {
            final Map<String, Integer> running = slots(healthy);
            final TreeSet<String> classes = new TreeSet<>(wanted.slots().keySet());
            classes.addAll(running.keySet());
            for (final String executorClass : classes)
            {
                final int expected = wanted.slots().getOrDefault(executorClass, 0);
                final int actualSlots = running.getOrDefault(executorClass, 0);
                if (expected != actualSlots)
                {
                    differences.add(difference("slots", expected, actualSlots, List.of(), executorClass));
                }
            }
        }
        return differences;
    }

    private static Map<String, Object> difference(final String kind, final Object expected, final Object actual, final List<String> instances,
        final String executorClass)
    {
        final Map<String, Object> difference = new LinkedHashMap<>();
        difference.put("kind", kind);
        if (executorClass != null)
        {
            difference.put("executorClass", executorClass);
        }
        difference.put("expected", expected);
        difference.put("actual", actual);
        if (!instances.isEmpty())
        {
            difference.put("instances", instances);
        }
        return difference;
    }

    private static List<String> instances(final List<DeploymentTracker.ActualNode> nodes)
    {
        return nodes.stream().map(n -> Long.toString(n.instanceId())).toList();
    }

    private static Map<String, Integer> slots(final List<DeploymentTracker.ActualNode> nodes)
    {
        final Map<String, Integer> slots = new TreeMap<>();
        nodes.forEach(node -> node.slots().forEach((cls, count) -> slots.merge(cls, count, Integer::sum)));
        return slots;
    }

    private static Map<String, Object> summary(final List<DeploymentTracker.ActualNode> nodes, final List<DeploymentTracker.ActualNode> healthy)
    {
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("nodes", nodes.size());
        summary.put("healthyNodes", healthy.size());
        summary.put("epochs", new TreeSet<>(healthy.stream().map(DeploymentTracker.ActualNode::epoch).toList()));
        summary.put("versions", new TreeSet<>(healthy.stream().map(n -> String.valueOf(n.version())).toList()));
        summary.put("slots", slots(healthy));
        return summary;
    }
}
