package io.weft.node.deployments;

import io.weft.node.events.EventPayload;
import io.weft.rest.events.EventSeverity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Recomputes the reconciliation of desired and actual deployments on its own thread: on a timer, and at once when a
 * desired state changes anywhere in the cluster or the tracker sees a change. Only the scheduler's owner sees the
 * executors, so only it judges and tells of a verdict that changed (as a {@code deployment.reconciliation} event).
 */
public final class ReconciliationAgent implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationAgent.class);

    /** Told of a verdict that changed. */
    @FunctionalInterface
    public interface Listener
    {
        void verdictChanged(String deployment, EventSeverity severity, String payloadJson);
    }

    private final DesiredDeploymentStore desired;
    private final DeploymentTracker tracker;
    private final BooleanSupplier isOwner;
    private final LongSupplier clockMs;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final Map<String, DeploymentReconciler.Verdict> lastVerdicts = new HashMap<>();
    private volatile List<DeploymentReconciler.Result> latest = List.of();
    private volatile long checkedAtMs;
    private final java.util.UUID listenerId;

    public ReconciliationAgent(final DesiredDeploymentStore desired, final DeploymentTracker tracker, final BooleanSupplier isOwner,
        final LongSupplier clockMs, final Listener listener, final long intervalMs)
    {
        this.desired = desired;
        this.tracker = tracker;
        this.isOwner = isOwner;
        this.clockMs = clockMs;
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "weft-reconciler");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::reconcileQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        listenerId = desired.onChange(this::requestNow);
    }

    /** Asks for a reconciliation as soon as the agent's thread is free. */
    public void requestNow()
    {
        try
        {
            thread.execute(this::reconcileQuietly);
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            // Closing: nothing left to reconcile for.
        }
    }

    /** The latest reconciliation, computing one first if none ran yet. */
    public Map<String, Object> view()
    {
        if (checkedAtMs == 0)
        {
            reconcile();
        }
        int match = 0;
        int drift = 0;
        int unknown = 0;
        final List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (final DeploymentReconciler.Result result : latest)
        {
            switch (result.verdict())
            {
                case MATCH -> match++;
                case DRIFT -> drift++;
                case UNKNOWN -> unknown++;
            }
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", result.name());
            row.put("verdict", result.verdict().name());
            row.put("differences", result.differences());
            row.put("desired", result.desired() == null ? null : DesiredStateViews.view(result.desired()));
            row.put("actual", result.actual());
            rows.add(row);
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("checkedAt", Instant.ofEpochMilli(checkedAtMs).toString());
        body.put("summary", Map.of("match", match, "drift", drift, "unknown", unknown));
        body.put("deployments", rows);
        return body;
    }

    /** The latest verdict of one deployment, or null. */
    public DeploymentReconciler.Result of(final String name)
    {
        return latest.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private void reconcileQuietly()
    {
        try
        {
            reconcile();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("reconciliation of deployments failed; retried at the next interval", ex);
        }
    }

    private synchronized void reconcile()
    {
        // States meant for a fabric group's data planes are theirs to reconcile, not this cluster's.
        final Map<String, DesiredDeployment> own = new java.util.TreeMap<>();
        desired.all().forEach((name, state) -> {
            if (state.group() == null)
            {
                own.put(name, state);
            }
        });
        final List<DeploymentReconciler.Result> results = DeploymentReconciler.reconcile(own, tracker.actual());
        latest = results;
        checkedAtMs = clockMs.getAsLong();
        if (!isOwner.getAsBoolean())
        {
            lastVerdicts.clear(); // a new owner tells the verdicts it finds, not ones it never judged
            return;
        }
        final Map<String, DeploymentReconciler.Verdict> now = new HashMap<>();
        for (final DeploymentReconciler.Result result : results)
        {
            now.put(result.name(), result.verdict());
            if (result.verdict() != lastVerdicts.get(result.name()))
            {
                listener.verdictChanged(result.name(), result.verdict() == DeploymentReconciler.Verdict.DRIFT ? EventSeverity.WARNING
                    : EventSeverity.INFO, EventPayload.of("verdict", result.verdict().name(), "previous",
                    lastVerdicts.get(result.name()) == null ? null : lastVerdicts.get(result.name()).name(),
                    "differences", result.differences()));
            }
        }
        lastVerdicts.clear();
        lastVerdicts.putAll(now);
    }

    @Override
    public void close()
    {
        thread.shutdownNow();
        desired.removeListener(listenerId);
    }
}
