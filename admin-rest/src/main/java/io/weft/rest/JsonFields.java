package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Strict access to the fields of one JSON object in a request body: an unknown field or a wrong JSON type is
 * refused with the field's path, and no value is coerced ({@code "5"} is not 5). Records which fields were
 * present, so that an update can tell "left out" from "set to null".
 */
final class JsonFields
{
    private final JsonNode object;
    private final String prefix;
    private final Set<String> given = new LinkedHashSet<>();

    /**
     * @param node    the value that must be an object
     * @param path    its path ({@code $} for the body), used in problems
     * @param allowed the field names it may have, in the order they are listed to the client
     */
    JsonFields(final JsonNode node, final String path, final List<String> allowed)
    {
        if (node == null || node.isMissingNode())
        {
            throw HttpProblem.of(ProblemType.MALFORMED_JSON, "the request body is empty").toException();
        }
        if (!node.isObject())
        {
            throw wrongType(path, "a JSON object", node);
        }
        this.object = node;
        this.prefix = path.equals("$") ? "" : path + ".";
        for (final Map.Entry<String, JsonNode> field : node.properties())
        {
            if (!allowed.contains(field.getKey()))
            {
                throw HttpProblem.of(
                        ProblemType.UNKNOWN_FIELD,
                        "unknown field '" + Text.abbreviate(prefix + field.getKey(), 100) + "'; the known fields are " +
                        String.join(", ", allowed))
                    .withField(Text.abbreviate(prefix + field.getKey(), 100))
                    .toException();
            }
            given.add(field.getKey());
        }
    }

    Set<String> given()
    {
        return given;
    }

    boolean has(final String name)
    {
        return given.contains(name);
    }

    String string(final String name)
    {
        final JsonNode value = object.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isTextual())
        {
            throw wrongType(prefix + name, "a string", value);
        }
        return value.textValue();
    }

    Boolean bool(final String name)
    {
        final JsonNode value = object.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isBoolean())
        {
            throw wrongType(prefix + name, "true or false", value);
        }
        return value.booleanValue();
    }

    Integer integer(final String name)
    {
        final JsonNode value = object.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt())
        {
            throw wrongType(prefix + name, "an integer", value);
        }
        return value.intValue();
    }

    List<String> strings(final String name)
    {
        final JsonNode value = object.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isArray())
        {
            throw wrongType(prefix + name, "an array of strings", value);
        }
        final List<String> values = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++)
        {
            if (!value.get(i).isTextual())
            {
                throw wrongType(prefix + name + "[" + i + "]", "a string", value.get(i));
            }
            values.add(value.get(i).textValue());
        }
        return values;
    }

    /** An object field's members as JSON values, in document order; null when absent or null. */
    Map<String, JsonNode> members(final String name)
    {
        final JsonNode value = object.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isObject())
        {
            throw wrongType(prefix + name, "a JSON object", value);
        }
        final Map<String, JsonNode> members = new LinkedHashMap<>();
        value.properties().forEach(member -> members.put(member.getKey(), member.getValue()));
        return members;
    }

    /** A field that must be a JSON object, returned as is; null when absent or null. */
    JsonNode object(final String name)
    {
        final JsonNode value = object.get(name);
        if (value == null || value.isNull())
        {
            return null;
        }
        if (!value.isObject())
        {
            throw wrongType(prefix + name, "a JSON object", value);
        }
        return value;
    }

    static HttpProblemException wrongType(final String path, final String expected, final JsonNode actual)
    {
        return HttpProblem.of(
                ProblemType.INVALID_FIELD_TYPE,
                (path.equals("$") ? "the request body" : "field '" + path + "'") + " must be " + expected + ", got " + typeOf(actual))
            .withField(path)
            .toException();
    }

    private static String typeOf(final JsonNode node)
    {
        if (node.isNumber())
        {
            return node.isIntegralNumber() ? "an integer" : "a number with a fraction";
        }
        return switch (node.getNodeType())
        {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
