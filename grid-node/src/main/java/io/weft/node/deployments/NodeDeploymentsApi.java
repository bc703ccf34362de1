package io.weft.node.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.node.events.EventPayload;
import io.weft.rest.DeploymentsApi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;

/**
 * The deployments API of a node: what runs from the tracker, desired states from the grid, and the reconciliation
 * of the two from the agent. A change of desired state is an event, told by the node that made it.
 */
public final class NodeDeploymentsApi implements DeploymentsApi
{
    /** Tells the event stream of a change of desired state. */
    @FunctionalInterface
    public interface ChangeListener
    {
        void changed(String deployment, String payloadJson);
    }

    private final DeploymentTracker tracker;
    private final DesiredDeploymentStore desired;
    private final ReconciliationAgent reconciliation;
    private final LongSupplier clockMs;
    private final ChangeListener listener;

    public NodeDeploymentsApi(final DeploymentTracker tracker, final DesiredDeploymentStore desired, final ReconciliationAgent reconciliation,
        final LongSupplier clockMs, final ChangeListener listener)
    {
        this.tracker = tracker;
        this.desired = desired;
        this.reconciliation = reconciliation;
        this.clockMs = clockMs;
        this.listener = listener;
    }

    @Override
    public Object overview()
    {
        return tracker.overview();
    }

    /** The deployment as it runs, with its desired state and verdict; a deployment only desired so far is 404. */
    @Override
    public Object deployment(final String name)
    {
        @SuppressWarnings("unchecked")
        final Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>)tracker.deployment(name));
        body.put("desired", desired.find(name).map(DesiredStateViews::view).orElse(null));
        final DeploymentReconciler.Result verdict = reconciliation.of(name);
        body.put("reconciliation", verdict == null ? null : Map.of("verdict", verdict.verdict().name(), "differences", verdict.differences()));
        return body;
    }

    @Override
    public boolean drain(final String name, final Long instanceId, final boolean drain)
    {
        return tracker.drain(name, instanceId, drain);
    }

    @Override
    public Object reconciliation()
    {
        return reconciliation.view();
    }

    @Override
    public Object desired(final String name)
    {
        return DesiredStateViews.view(desired.find(name)
            .orElseThrow(() -> new NoSuchElementException("deployment '" + name + "' has no desired state")));
    }

    @Override
    public DesiredChange putDesired(final String name, final JsonNode body, final String principal)
    {
        final long createdAt = desired.find(name).map(DesiredDeployment::createdAtEpochMs).orElse(0L);
        final DesiredDeployment state = DesiredDeployment.fromJson(name, body, createdAt, clockMs.getAsLong(), principal);
        final boolean created = desired.put(state);
        listener.changed(name, EventPayload.of("change", created ? "declared" : "updated", "phase", state.phase().name(),
            "epoch", state.epoch(), "expectedNodes", state.expectedNodes(), "by", principal));
        return new DesiredChange(DesiredStateViews.view(state), created);
    }

    @Override
    public boolean deleteDesired(final String name, final String principal)
    {
        final boolean deleted = desired.delete(name);
        if (deleted)
        {
            listener.changed(name, EventPayload.of("change", "withdrawn", "by", principal));
        }
        return deleted;
    }

    /** For the hybrid listener: stores a desired state the control plane sent, as it sent it. */
    public void apply(final DesiredDeployment state)
    {
        desired.put(state);
    }
}
