package io.weft.rest.events;

import java.util.Locale;

/** How much an event matters, in increasing order; a severity filter keeps its level and those above. */
public enum EventSeverity
{
    INFO,
    WARNING,
    ERROR;

    private static final EventSeverity[] VALUES = values();

    public static EventSeverity fromCode(final int code)
    {
        return VALUES[code];
    }

    /** The level of that name in any case, or null. */
    public static EventSeverity byName(final String name)
    {
        for (final EventSeverity severity : VALUES)
        {
            if (severity.name().equals(name.strip().toUpperCase(Locale.ROOT)))
            {
                return severity;
            }
        }
        return null;
    }
}
