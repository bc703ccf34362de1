package io.weft.fabric;

import java.util.Locale;
import java.util.Optional;

/** The environment a gateway or fabric group serves. Each has a system default group that cannot be deleted. */
public enum Environment
{
    PRODUCTION,
    STAGING,
    DEVELOPMENT,
    UNKNOWN;

    /** The id of this environment's system default group, e.g. {@code default-production}. */
    public String defaultGroupId()
    {
        return "default-" + name().toLowerCase(Locale.ROOT);
    }

    /** Parses a name case-insensitively; empty for anything that is not an environment. */
    public static Optional<Environment> parse(final String name)
    {
        if (name == null)
        {
            return Optional.empty();
        }
        for (final Environment e : values())
        {
            if (e.name().equalsIgnoreCase(name.trim()))
            {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
