package io.weft.fabric.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.FabricProblem;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a template into a DAG submission by substituting {@code ${param}} placeholders in the string values of its
 * DAG. A string that is exactly one placeholder takes the argument's JSON value as is, so a parameter can supply a
 * number ({@code "priority": "${prio}"}) or a whole payload object; a placeholder inside longer text is replaced
 * by the argument's text. Object keys are never substituted.
 */
public final class TemplateInstantiator
{
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]{0,63})}");

    private TemplateInstantiator()
    {
    }

    /** Every parameter name the DAG's string values refer to, sorted. */
    public static Set<String> placeholders(final JsonNode dag)
    {
        final Set<String> names = new TreeSet<>();
        collect(dag, names);
        return names;
    }

    /**
     * Checks that the template declares every placeholder its DAG uses; a template that does not could never be
     * executed with all its values filled in.
     */
    public static void checkDeclared(final TemplateDefinition definition)
    {
        final Set<String> undeclared = placeholders(definition.dag());
        undeclared.removeAll(definition.parameters().keySet());
        if (!undeclared.isEmpty())
        {
            throw FabricProblem.INVALID_TEMPLATE.exception(
                "the DAG uses parameters " + undeclared + " that 'parameters' does not declare", "parameters");
        }
    }

    /**
     * The DAG with every placeholder filled in from {@code arguments}, then from the declared defaults.
     *
     * @throws io.weft.fabric.FabricException {@code unknown-parameter} for an argument the template does not
     *                                        declare, {@code missing-parameter} for a required one not given
     */
    public static JsonNode instantiate(final TemplateDefinition definition, final Map<String, JsonNode> arguments)
    {
        final Map<String, JsonNode> given = arguments == null ? Map.of() : arguments;
        final Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(definition.parameters().keySet());
        if (!unknown.isEmpty())
        {
            throw FabricProblem.UNKNOWN_PARAMETER.exception(
                "template " + definition.name() + "@" + definition.version() + " does not declare " + unknown +
                "; it declares " + definition.parameters().keySet(), "parameters");
        }
        final Map<String, JsonNode> values = new LinkedHashMap<>();
        final List<String> missing = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> declared : definition.parameters().entrySet())
        {
            final JsonNode value = given.get(declared.getKey());
            if (value != null && !value.isNull())
            {
                values.put(declared.getKey(), value);
            }
            else if (!definition.isRequired(declared.getKey()))
            {
                values.put(declared.getKey(), declared.getValue());
            }
            else
            {
                missing.add(declared.getKey());
            }
        }
        if (!missing.isEmpty())
        {
            throw FabricProblem.MISSING_PARAMETER.exception(
                "template " + definition.name() + "@" + definition.version() + " needs a value for " + missing, "parameters");
        }
        return substitute(definition.dag(), values);
    }

    private static JsonNode substitute(final JsonNode node, final Map<String, JsonNode> values)
    {
        if (node.isObject())
        {
            final ObjectNode copy = JsonNodeFactory.instance.objectNode();
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext())
            {
                final Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), substitute(field.getValue(), values));
            }
            return copy;
        }
        if (node.isArray())
        {
            final ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            for (final JsonNode element : node)
            {
                copy.add(substitute(element, values));
            }
            return copy;
        }
        if (!node.isTextual())
        {
            return node;
        }
        final String text = node.textValue();
        final Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches())
        {
            return values.get(whole.group(1)).deepCopy();
        }
        final Matcher matcher = PLACEHOLDER.matcher(text);
        if (!matcher.find())
        {
            return node;
        }
        final StringBuilder out = new StringBuilder(text.length() + 16);
        do
        {
            final JsonNode value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.isValueNode() ? value.asText() : value.toString()));
        }
        while (matcher.find());
        matcher.appendTail(out);
        return JsonNodeFactory.instance.textNode(out.toString());
    }

    private static void collect(final JsonNode node, final Set<String> names)
    {
        if (node == null)
        {
            return;
        }
        if (node.isContainerNode())
        {
            for (final JsonNode child : node)
            {
                collect(child, names);
            }
            return;
        }
        if (node.isTextual())
        {
            final Matcher matcher = PLACEHOLDER.matcher(node.textValue());
            while (matcher.find())
            {
                names.add(matcher.group(1));
            }
        }
    }
}
