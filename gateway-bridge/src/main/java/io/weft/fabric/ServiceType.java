package io.weft.fabric;

import java.util.Optional;

/**
 * What kind of traffic a gateway is meant for. Advisory for most purposes, but execution only resolves to a
 * gateway that takes writes, since instantiating a template submits a DAG.
 */
public enum ServiceType
{
    READ_WRITE,
    READ_ONLY,
    INGESTION;

    public boolean takesWrites()
    {
        return this == READ_WRITE;
    }

    /** Parses a name case-insensitively ({@code read-write} and {@code read_write} both work); empty otherwise. */
    public static Optional<ServiceType> parse(final String name)
    {
        if (name == null)
        {
            return Optional.empty();
        }
        final String normalised = name.trim().replace('-', '_');
        for (final ServiceType type : values())
        {
            if (type.name().equalsIgnoreCase(normalised))
            {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
