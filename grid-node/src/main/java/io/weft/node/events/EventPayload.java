package io.weft.node.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** An event's small JSON payload, from name and value pairs (null values left out). */
public final class EventPayload
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventPayload()
    {
    }

    public static String of(final Object... namesAndValues)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2)
        {
            if (namesAndValues[i + 1] != null)
            {
                fields.put((String)namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return json(fields);
    }

    /** JSON text back into a tree, to embed in an answer. */
    public static com.fasterxml.jackson.databind.JsonNode parse(final String json)
    {
        try
        {
            return MAPPER.readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    public static String json(final Object value)
    {
        try
        {
            return MAPPER.writeValueAsString(value);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("event payload is not JSON-writable: " + value.getClass().getName(), ex);
        }
    }
}
