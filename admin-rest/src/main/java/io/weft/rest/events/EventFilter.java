package io.weft.rest.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which events a client asked for: types (exact, or a prefix ending in {@code *}, comma-separated), the lowest
 * severity, one DAG, one deployment, and a time range. Every filter given must match.
 */
public record EventFilter(List<String> types, EventSeverity minSeverity, String dagId, String deployment, Long fromEpochMs, Long toEpochMs)
{
    public static final EventFilter ALL = new EventFilter(List.of(), null, null, null, null, null);

    /** From query parameters; throws {@link IllegalArgumentException} naming the parameter that is not valid. */
    public static EventFilter parse(final Map<String, List<String>> query)
    {
        final List<String> types = new ArrayList<>();
        for (final String value : query.getOrDefault("type", List.of()))
        {
            for (final String type : value.split(","))
            {
                if (!type.isBlank())
                {
                    types.add(type.strip());
                }
            }
        }
        EventSeverity severity = null;
        final String severityText = single(query, "severity");
        if (severityText != null)
        {
            severity = EventSeverity.byName(severityText);
            if (severity == null)
            {
                throw new IllegalArgumentException("severity must be INFO, WARNING or ERROR, not '" + severityText + "'");
            }
        }
        final String dagId = single(query, "dagId");
        if (dagId != null && !dagId.chars().allMatch(Character::isDigit))
        {
            throw new IllegalArgumentException("dagId must be a DAG id (digits), not '" + dagId + "'");
        }
        return new EventFilter(List.copyOf(types), severity, dagId, single(query, "deployment"), time(query, "since"), time(query, "until"));
    }

    public boolean matches(final EventItem event)
    {
        if (!types.isEmpty() && types.stream().noneMatch(type -> typeMatches(type, event.type())))
        {
            return false;
        }
        if (minSeverity != null && event.severity().compareTo(minSeverity) < 0)
        {
            return false;
        }
        if (dagId != null && !dagId.equals(event.dagId()))
        {
            return false;
        }
        if (deployment != null && !deployment.equals(event.deployment()))
        {
            return false;
        }
        if (fromEpochMs != null && event.atEpochMs() < fromEpochMs)
        {
            return false;
        }
        return toEpochMs == null || event.atEpochMs() < toEpochMs;
    }

    private static boolean typeMatches(final String wanted, final String type)
    {
        return wanted.endsWith("*") ? type.startsWith(wanted.substring(0, wanted.length() - 1)) : wanted.equals(type);
    }

    private static String single(final Map<String, List<String>> query, final String name)
    {
        final List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank())
        {
            return null;
        }
        if (values.size() > 1)
        {
            throw new IllegalArgumentException(name + " may be given once");
        }
        return values.get(0).strip();
    }

    /** ISO-8601 instant or epoch milliseconds. */
    private static Long time(final Map<String, List<String>> query, final String name)
    {
        final String text = single(query, name);
        if (text == null)
        {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit) && text.length() < 19)
        {
            return Long.parseLong(text);
        }
        try
        {
            return Instant.parse(text).toEpochMilli();
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant (2026-12-01T10:00:00Z) or epoch milliseconds, not '" + text + "'");
        }
    }
}
