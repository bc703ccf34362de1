package io.weft.node.deployments;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an admin intends a deployment to be: its phase, the configuration epoch its nodes should declare, how many
 * healthy nodes it should have, the version they should run, and its slots per class in total over its nodes.
 * PENDING and ACTIVE are compared with what runs (PENDING says the rollout is under way); DEPRECATED expects no
 * node at all. A null version or an empty slot map is not compared. With a {@code group}, the state is intent for the
 * data planes of that fabric group (hybrid): they pull and apply it, and this cluster does not reconcile it.
 */
public record DesiredDeployment(
    String name, Phase phase, long epoch, int expectedNodes, String expectedVersion, Map<String, Integer> slots,
    String group, long createdAtEpochMs, long updatedAtEpochMs, String updatedBy)
{
    public enum Phase
    {
        PENDING,
        ACTIVE,
        DEPRECATED
    }

    private static final Set<String> FIELDS = Set.of("phase", "epoch", "expectedNodes", "expectedVersion", "slots", "group");

    public DesiredDeployment
    {
        // Sorted, not Map.copyOf: an intent's digest must not depend on a JVM's iteration order.
        slots = slots == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(slots));
    }

    /**
     * From a request body; throws {@link IllegalArgumentException} naming the field that is missing or wrong.
     * {@code createdAtEpochMs} is kept from the state it replaces, if any.
     */
    public static DesiredDeployment fromJson(final String name, final JsonNode body, final long createdAtEpochMs, final long nowMs,
        final String updatedBy)
    {
        if (body == null || !body.isObject())
        {
            throw new IllegalArgumentException("the desired state must be a JSON object");
        }
        for (final Iterator<String> names = body.fieldNames(); names.hasNext(); )
        {
            final String field = names.next();
            if (!FIELDS.contains(field))
            {
                throw new IllegalArgumentException("unknown field '" + field + "'; allowed: phase, epoch, expectedNodes, expectedVersion, slots, group");
            }
        }
        final String phaseText = body.path("phase").asText("ACTIVE");
        final Phase phase;
        try
        {
            phase = Phase.valueOf(phaseText.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("phase must be PENDING, ACTIVE or DEPRECATED, not '" + phaseText + "'");
        }
        final long epoch = nonNegative(body, "epoch", true);
        final int expectedNodes = (int)nonNegative(body, "expectedNodes", phase != Phase.DEPRECATED);
        final JsonNode version = body.get("expectedVersion");
        if (version != null && !version.isNull() && !version.isTextual())
        {
            throw new IllegalArgumentException("expectedVersion must be a string");
        }
        final Map<String, Integer> slots = new LinkedHashMap<>();
        final JsonNode slotNode = body.get("slots");
        if (slotNode != null && !slotNode.isNull())
        {
            if (!slotNode.isObject())
            {
                throw new IllegalArgumentException("slots must be an object of executor class to slot count");
            }
            slotNode.fields().forEachRemaining(entry -> {
                if (!entry.getValue().canConvertToInt() || entry.getValue().asInt() < 0 || !entry.getValue().isIntegralNumber())
                {
                    throw new IllegalArgumentException("slots." + entry.getKey() + " must be a whole number of slots, 0 or more");
                }
                slots.put(entry.getKey(), entry.getValue().asInt());
            });
        }
        final JsonNode group = body.get("group");
        if (group != null && !group.isNull() && (!group.isTextual() || group.asText().isBlank()))
        {
            throw new IllegalArgumentException("group must be the id of a fabric group");
        }
        return new DesiredDeployment(name, phase, epoch, expectedNodes, version == null || version.isNull() ? null : version.asText(),
            slots, group == null || group.isNull() ? null : group.asText(), createdAtEpochMs > 0 ? createdAtEpochMs : nowMs, nowMs, updatedBy);
    }

    private static long nonNegative(final JsonNode body, final String field, final boolean required)
    {
        final JsonNode value = body.get(field);
        if (value == null || value.isNull())
        {
            if (required)
            {
                throw new IllegalArgumentException(field + " is required");
            }
            return 0;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(field + " must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return value.asLong();
    }
}
