package io.weft.node.deployments;

import io.weft.node.events.EventPayload;
import io.weft.rest.events.EventSeverity;
import io.weft.scheduler.api.ExecutorView;
import io.weft.transport.executor.ExecutorDeclaration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Executor instances grouped by the deployment name they register with (the product documents call an instance a
 * node of its executor deployment). Sampled from the scheduler's executor view every second, so an instance the
 * scheduler lost by heartbeat stays listed as UNHEALTHY for {@code lostRetentionMs} instead of vanishing. A
 * deployment is SERVING while a healthy node takes work, STOPPING while drained nodes still run jobs, STOPPED once
 * they are idle, STARTING while its nodes have not yet heartbeat, and ERROR when none of its nodes is healthy.
 */
public final class DeploymentTracker
{
    private static final String DRAINING = "DRAINING";

    /** What the tracker remembers of one instance. */
    private record Node(ExecutorView view, long lastSeenEpochMs, boolean present, ExecutorDeclaration declared)
    {
    }

    /** Configuration names whose values are never shown. */
    private static final java.util.regex.Pattern SECRET =
        java.util.regex.Pattern.compile("(?i).*(secret|password|passwd|token|credential|private|api[-_.]?key|access[-_.]?key).*");

    private final Supplier<List<ExecutorView>> executors;
    private final BiPredicate<Long, Boolean> drainer;
    private final long lostRetentionMs;
    private final LongSupplier clockMs;
    private final Map<Long, Node> nodes = new TreeMap<>();
    private final Map<Long, ExecutorDeclaration> declarations;
    private volatile Listener listener = (type, severity, deployment, payload) -> { };
    private volatile java.util.function.LongConsumer forget = instanceId -> { };

    /** Told of each change the tracker sees: an instance registered, lost or dropped, a deployment's status. */
    @FunctionalInterface
    public interface Listener
    {
        void changed(String type, EventSeverity severity, String deployment, String payloadJson);
    }

    /** {@code drainer} asks the scheduler to drain (true) or resume (false) an instance; false when it is busy. */
    public DeploymentTracker(
        final Supplier<List<ExecutorView>> executors,
        final Map<Long, ExecutorDeclaration> declarations,
        final BiPredicate<Long, Boolean> drainer,
        final long lostRetentionMs,
        final LongSupplier clockMs)
    {
        this.declarations = declarations;
        this.executors = executors;
        this.drainer = drainer;
        this.lostRetentionMs = lostRetentionMs;
        this.clockMs = clockMs;
    }

    public void listener(final Listener listener)
    {
        this.listener = listener;
    }

    /** Told of an instance dropped after its retention, so what is kept about it elsewhere (its drain) goes too. */
    public void onForgotten(final java.util.function.LongConsumer forget)
    {
        this.forget = forget;
    }

    /** One look at the scheduler's executors; called from the node's reporting thread. */
    public synchronized void sample()
    {
        final long nowMs = clockMs.getAsLong();
        final Map<String, String> statusBefore = statuses();
        final Map<Long, ExecutorView> live = new LinkedHashMap<>();
        executors.get().forEach(view -> live.put(view.instanceId(), view));
        live.forEach((id, view) -> {
            final Node before = nodes.get(id);
            if (before == null || !before.present())
            {
                listener.changed("executor.registered", EventSeverity.INFO, view.deploymentName(), EventPayload.of(
                    "instanceId", Long.toString(id), "version", view.version(), "linkedNode", view.linkedNode()));
            }
            nodes.put(id, new Node(view, nowMs, true, declarations.getOrDefault(id, ExecutorDeclaration.NONE)));
        });
        nodes.replaceAll((id, node) -> {
            if (live.containsKey(id) || !node.present())
            {
                return node;
            }
            listener.changed("executor.lost", EventSeverity.WARNING, node.view().deploymentName(), EventPayload.of(
                "instanceId", Long.toString(id), "lastHeartbeat", instant(node.view().lastHeartbeatEpochMs())));
            return new Node(node.view(), node.lastSeenEpochMs(), false, node.declared());
        });
        nodes.entrySet().removeIf(entry -> {
            final boolean gone = !entry.getValue().present() && nowMs - entry.getValue().lastSeenEpochMs() > lostRetentionMs;
            if (gone)
            {
                declarations.remove(entry.getKey());
                forget.accept(entry.getKey());
                listener.changed("executor.dropped", EventSeverity.INFO, entry.getValue().view().deploymentName(),
                    EventPayload.of("instanceId", Long.toString(entry.getKey()), "afterMs", lostRetentionMs));
            }
            return gone;
        });
        final Map<String, String> statusAfter = statuses();
        statusAfter.forEach((name, status) -> {
            if (!status.equals(statusBefore.get(name)))
            {
                listener.changed("deployment.status", status.equals("ERROR") ? EventSeverity.ERROR : EventSeverity.INFO, name,
                    EventPayload.of("from", statusBefore.get(name), "to", status));
            }
        });
    }

    private Map<String, String> statuses()
    {
        final Map<String, String> statuses = new TreeMap<>();
        byName().forEach((name, members) -> statuses.put(name, status(members)));
        return statuses;
    }

    /**
     * What runs now, per deployment: every node with its health, declared epoch and version, and slots per class
     * (healthy nodes only), for the reconciler to compare with the desired state.
     */
    public synchronized Map<String, List<ActualNode>> actual()
    {
        final Map<String, List<ActualNode>> actual = new TreeMap<>();
        byName().forEach((name, members) -> actual.put(name, members.stream().map(node -> new ActualNode(
            node.view().instanceId(), health(node), node.declared().epoch(), node.view().version(), slotsOf(node))).toList()));
        return actual;
    }

    /** One node of a deployment as the reconciler sees it. */
    public record ActualNode(long instanceId, String health, long epoch, String version, Map<String, Integer> slots)
    {
    }

    private static Map<String, Integer> slotsOf(final Node node)
    {
        final Map<String, Integer> slots = new TreeMap<>();
        if (node.present())
        {
            node.view().slots().forEach(slot -> slots.merge(slot.executorClass(), slot.total(), Integer::sum));
        }
        return slots;
    }

    public synchronized Object overview()
    {
        final Map<String, List<Node>> byName = byName();
        final List<Map<String, Object>> rows = new ArrayList<>();
        long healthy = 0;
        long active = 0;
        for (final Map.Entry<String, List<Node>> deployment : byName.entrySet())
        {
            final Map<String, Object> row = summary(deployment.getKey(), deployment.getValue());
            rows.add(row);
            healthy += deployment.getValue().stream().filter(n -> health(n).equals("HEALTHY")).count();
            active += "SERVING".equals(row.get("status")) ? 1 : 0;
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalExecutors", byName.size());
        body.put("totalNodes", nodes.size());
        body.put("activeDeployments", active);
        body.put("healthyNodesPercent", nodes.isEmpty() ? null : 100.0 * healthy / nodes.size());
        body.put("deployments", rows);
        return body;
    }

    public synchronized Object deployment(final String name)
    {
        final List<Node> members = byName().get(name);
        if (members == null)
        {
            throw new NoSuchElementException("no executor deployment named '" + name + "'");
        }
        final Map<String, Object> body = summary(name, members);
        final List<Map<String, Object>> detail = new ArrayList<>();
        final long nowMs = clockMs.getAsLong();
        for (final Node node : members)
        {
            final ExecutorView view = node.view();
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("instanceId", Long.toString(view.instanceId()));
            row.put("status", health(node));
            row.put("work", !node.present() ? "LOST" : view.status());
            row.put("heartbeatAt", instant(view.lastHeartbeatEpochMs()));
            row.put("registeredAt", instant(view.registeredAtEpochMs()));
            row.put("uptimeMs", node.present() ? nowMs - view.registeredAtEpochMs() : null);
            row.put("version", view.version());
            row.put("capabilities", view.capabilities());
            row.put("linkedNode", view.linkedNode());
            row.put("epoch", node.declared().epoch());
            row.put("endpoints", list(node.declared().endpoints()));
            row.put("resources", pairs(node.declared().resources(), ",", false));
            row.put("capacity", capacity(List.of(node)));
            detail.add(row);
        }
        body.put("nodes", detail);
        // The configuration the newest node declared, with every value whose name looks secret masked.
        final Node newest = members.stream().max(java.util.Comparator.comparingLong(n -> n.view().registeredAtEpochMs())).orElseThrow();
        body.put("configuration", pairs(newest.declared().configuration(), "\n", true));
        return body;
    }

    public synchronized boolean drain(final String name, final Long instanceId, final boolean drain)
    {
        final List<Node> members = byName().get(name);
        if (members == null || (instanceId != null && members.stream().noneMatch(n -> n.view().instanceId() == instanceId)))
        {
            throw new NoSuchElementException(instanceId == null
                ? "no executor deployment named '" + name + "'" : "deployment '" + name + "' has no node " + instanceId);
        }
        listener.changed(drain ? "deployment.drain-requested" : "deployment.resume-requested", EventSeverity.INFO, name,
            EventPayload.of("instanceId", instanceId == null ? null : Long.toString(instanceId)));
        boolean taken = true;
        for (final Node node : members)
        {
            if (node.present() && (instanceId == null || node.view().instanceId() == instanceId))
            {
                taken &= drainer.test(node.view().instanceId(), drain);
            }
        }
        return taken;
    }

    private Map<String, List<Node>> byName()
    {
        final Map<String, List<Node>> byName = new TreeMap<>();
        nodes.values().forEach(node -> byName.computeIfAbsent(node.view().deploymentName(), k -> new ArrayList<>()).add(node));
        return byName;
    }

    private Map<String, Object> summary(final String name, final List<Node> members)
    {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("status", status(members));
        row.put("nodeCount", members.size());
        row.put("owner", members.get(0).view().owner());
        row.put("version", members.get(0).view().version());
        row.put("epoch", members.stream().mapToLong(n -> n.declared().epoch()).max().orElse(0));
        final java.util.TreeSet<String> endpoints = new java.util.TreeSet<>();
        members.forEach(n -> endpoints.addAll(list(n.declared().endpoints())));
        row.put("endpoints", List.copyOf(endpoints));
        row.put("lastUpdated", instant(members.stream().mapToLong(n -> n.view().registeredAtEpochMs()).max().orElse(0)));
        row.put("lastHeartbeat", instant(members.stream().mapToLong(n -> n.view().lastHeartbeatEpochMs()).max().orElse(0)));
        row.put("capacity", capacity(members));
        return row;
    }

    private static List<String> list(final String commaSeparated)
    {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code name=value} pairs split by {@code separator}; with {@code mask}, secret-looking values become "****". */
    static Map<String, String> pairs(final String text, final String separator, final boolean mask)
    {
        final Map<String, String> pairs = new TreeMap<>();
        for (final String part : text.split(java.util.regex.Pattern.quote(separator)))
        {
            final int eq = part.indexOf('=');
            if (eq > 0)
            {
                final String name = part.substring(0, eq).strip();
                pairs.put(name, mask && SECRET.matcher(name).matches() ? "****" : part.substring(eq + 1).strip());
            }
        }
        return pairs;
    }

    private static String health(final Node node)
    {
        if (!node.present())
        {
            return "UNHEALTHY";
        }
        return node.view().lastHeartbeatEpochMs() == 0 ? "UNKNOWN" : "HEALTHY";
    }

    private static String status(final List<Node> members)
    {
        final List<Node> healthy = members.stream().filter(n -> health(n).equals("HEALTHY")).toList();
        if (healthy.isEmpty())
        {
            return members.stream().anyMatch(n -> health(n).equals("UNKNOWN")) ? "STARTING" : "ERROR";
        }
        if (healthy.stream().anyMatch(n -> !DRAINING.equals(n.view().status())))
        {
            return "SERVING";
        }
        return healthy.stream().anyMatch(n -> n.view().slots().stream().anyMatch(s -> s.used() > 0)) ? "STOPPING" : "STOPPED";
    }

    private static Map<String, Object> capacity(final List<Node> members)
    {
        final Map<String, int[]> byClass = new TreeMap<>();
        for (final Node node : members)
        {
            if (node.present())
            {
                for (final ExecutorView.SlotView slot : node.view().slots())
                {
                    final int[] totals = byClass.computeIfAbsent(slot.executorClass(), k -> new int[2]);
                    totals[0] += slot.total();
                    totals[1] += slot.used();
                }
            }
        }
        int total = 0;
        int used = 0;
        final Map<String, Object> perClass = new LinkedHashMap<>();
        for (final Map.Entry<String, int[]> entry : byClass.entrySet())
        {
            total += entry.getValue()[0];
            used += entry.getValue()[1];
            perClass.put(entry.getKey(), Map.of("total", entry.getValue()[0], "used", entry.getValue()[1],
                "available", entry.getValue()[0] - entry.getValue()[1]));
        }
        final Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("total", total);
        capacity.put("used", used);
        capacity.put("available", total - used);
        capacity.put("byClass", perClass);
        return capacity;
    }

    private static String instant(final long epochMs)
    {
        return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
    }
}
