package io.weft.fabric.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * A template (the seeds' query plan): a named, versioned DAG definition with parameters.
 *
 * @param dag        a DAG submission ({@code {"name": ..., "jobs": [...]}}) whose string values may hold
 *                   {@code ${param}} placeholders
 * @param parameters every parameter the DAG uses, with its default; a JSON null default means the parameter is
 *                   required at execution
 */
public record TemplateDefinition(String name, String version, String description, Map<String, JsonNode> parameters, JsonNode dag)
{
    public TemplateDefinition
    {
        final Map<String, JsonNode> sorted = new TreeMap<>();
        if (parameters != null)
        {
            parameters.forEach((key, value) -> sorted.put(key, value == null ? NullNode.getInstance() : value));
        }
        parameters = java.util.Collections.unmodifiableMap(sorted);
    }

    public boolean isRequired(final String parameter)
    {
        final JsonNode fallback = parameters.get(parameter);
        return fallback == null || fallback.isNull();
    }
}
