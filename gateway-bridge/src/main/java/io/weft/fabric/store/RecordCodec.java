package io.weft.fabric.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.weft.fabric.FabricJson;

/**
 * Turns a record into the JSON text a grid map stores, and back. Storing text keeps the grid free of Weft classes:
 * no serializer factory to register, and members of different Weft versions can still read each other's records.
 */
public final class RecordCodec<T>
{
    private final Class<T> type;

    public RecordCodec(final Class<T> type)
    {
        this.type = type;
    }

    public String encode(final T value)
    {
        try
        {
            return FabricJson.mapper().writeValueAsString(value);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("cannot encode " + type.getSimpleName(), ex);
        }
    }

    public T decode(final String json)
    {
        try
        {
            return FabricJson.mapper().readValue(json, type);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable", ex);
        }
    }
}
