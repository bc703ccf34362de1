package io.weft.fabric.template;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.FabricJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One byte sequence per JSON value: compact, object keys sorted, numbers as written. Two parties that parse the
 * same document get the same bytes however its keys were ordered or spaced, which is what a content digest needs.
 */
public final class CanonicalJson
{
    private CanonicalJson()
    {
    }

    public static byte[] bytes(final JsonNode node)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FabricJson.mapper().getFactory().createGenerator(out))
        {
            write(node, generator);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void write(final JsonNode node, final JsonGenerator generator) throws IOException
    {
        if (node.isObject())
        {
            final List<String> names = new ArrayList<>(node.size());
            final Iterator<String> it = node.fieldNames();
            while (it.hasNext())
            {
                names.add(it.next());
            }
            names.sort(null);
            generator.writeStartObject();
            for (final String name : names)
            {
                generator.writeFieldName(name);
                write(node.get(name), generator);
            }
            generator.writeEndObject();
        }
        else if (node.isArray())
        {
            generator.writeStartArray();
            for (final JsonNode element : node)
            {
                write(element, generator);
            }
            generator.writeEndArray();
        }
        else
        {
            generator.writeTree(node);
        }
    }
}
