package io.weft.node.hybrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;
import io.weft.fabric.template.TemplateCatalog;
import io.weft.fabric.template.TemplateDefinition;
import io.weft.node.deployments.DesiredDeployment;
import io.weft.node.deployments.DesiredDeploymentStore;
import io.weft.scheduler.api.PauseState;
import io.weft.scheduler.api.SchedulerApi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Makes a data plane what its pulled intent says, and nothing more: templates it lacks are installed (a version it
 * holds with other content is an error, never overwritten), the scheduler and its classes are paused or resumed to
 * match, and desired deployment states are written, those the control plane withdrew deleted. Desired states a local
 * admin declared under other names are left alone. Every step is idempotent, so applying the same intent again
 * changes nothing, and a local change to something the intent names is put back: the control plane wins.
 */
public final class IntentApplier
{
    /** What one application changed, and what it could not do. */
    public record Outcome(List<String> changes, List<String> errors)
    {
    }

    static final String CONTROL_PLANE = "control-plane";
    private static final String APPLIED_NAMES = "deployments";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemplateCatalog templates;
    private final SchedulerApi scheduler;
    private final DesiredDeploymentStore desired;
    /** Which desired states came from the control plane, so that its withdrawals can be applied. */
    private final IMap<String, String> applied;

    public IntentApplier(final TemplateCatalog templates, final SchedulerApi scheduler, final DesiredDeploymentStore desired,
        final IMap<String, String> applied)
    {
        this.templates = templates;
        this.scheduler = scheduler;
        this.desired = desired;
        this.applied = applied;
    }

    public Outcome apply(final JsonNode intent, final long nowMs)
    {
        final List<String> changes = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        for (final JsonNode template : intent.path("templates"))
        {
            final String name = template.path("name").asText() + "@" + template.path("version").asText();
            try
            {
                final TemplateDefinition definition = JSON.treeToValue(template.path("definition"), TemplateDefinition.class);
                if (templates.publish(definition).created())
                {
                    changes.add("template " + name + " installed");
                }
            }
            catch (final Exception ex)
            {
                errors.add("template " + name + ": " + ex.getMessage());
            }
        }
        applyPauses(intent.path("scheduler"), changes, errors);
        applyDeployments(intent.path("deployments"), nowMs, changes, errors);
        return new Outcome(changes, errors);
    }

    private void applyPauses(final JsonNode wanted, final List<String> changes, final List<String> errors)
    {
        final PauseState state = scheduler.pauseState();
        final boolean paused = wanted.path("paused").asBoolean(false);
        if (paused != state.schedulerPaused())
        {
            if (paused ? scheduler.pause(null) : scheduler.resume(null))
            {
                changes.add(paused ? "scheduler paused" : "scheduler resumed");
            }
            else
            {
                errors.add("the scheduler's queue was full; the pause state is retried at the next poll");
            }
        }
        final TreeSet<String> wantedClasses = new TreeSet<>();
        wanted.path("pausedClasses").forEach(c -> wantedClasses.add(c.asText()));
        for (final String executorClass : wantedClasses)
        {
            if (!state.pausedClasses().contains(executorClass) && scheduler.pause(executorClass))
            {
                changes.add("class " + executorClass + " paused");
            }
        }
        for (final String executorClass : state.pausedClasses())
        {
            if (!wantedClasses.contains(executorClass) && scheduler.resume(executorClass))
            {
                changes.add("class " + executorClass + " resumed");
            }
        }
    }

    private void applyDeployments(final JsonNode wanted, final long nowMs, final List<String> changes, final List<String> errors)
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final JsonNode deployment : wanted)
        {
            final String name = deployment.path("name").asText();
            names.add(name);
            final com.fasterxml.jackson.databind.node.ObjectNode body = deployment.deepCopy();
            body.remove("name");
            try
            {
                final Optional<DesiredDeployment> current = desired.find(name);
                final DesiredDeployment next = DesiredDeployment.fromJson(name, body,
                    current.map(DesiredDeployment::createdAtEpochMs).orElse(0L), nowMs, CONTROL_PLANE);
                if (current.isEmpty() || !sameIntent(current.get(), next))
                {
                    desired.put(next);
                    changes.add("desired state of " + name + " " + (current.isEmpty() ? "declared" : "updated"));
                }
            }
            catch (final IllegalArgumentException ex)
            {
                errors.add("desired state of " + name + ": " + ex.getMessage());
            }
        }
        // A JSON array, not a joined string: a deployment's name may hold any printable character, commas too.
        final String before = applied.get(APPLIED_NAMES);
        if (before != null && !before.isEmpty())
        {
            try
            {
                for (final JsonNode name : JSON.readTree(before))
                {
                    if (!names.contains(name.asText()) && desired.delete(name.asText()))
                    {
                        changes.add("desired state of " + name.asText() + " withdrawn");
                    }
                }
            }
            catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
            {
                errors.add("the record of what the control plane declared here is not readable; withdrawals skipped once");
            }
        }
        applied.set(APPLIED_NAMES, io.weft.node.events.EventPayload.json(List.copyOf(names)));
    }

    private static boolean sameIntent(final DesiredDeployment a, final DesiredDeployment b)
    {
        return a.phase() == b.phase() && a.epoch() == b.epoch() && a.expectedNodes() == b.expectedNodes()
            && Objects.equals(a.expectedVersion(), b.expectedVersion()) && a.slots().equals(b.slots())
            && CONTROL_PLANE.equals(a.updatedBy());
    }

    static Map<String, Object> describe(final Outcome outcome)
    {
        return Map.of("changes", outcome.changes(), "errors", outcome.errors());
    }
}
