package io.weft.fabric.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A request to instantiate a template as a DAG. On a gateway {@code version} is required; the control plane
 * fills it in from the group's intended state when an admin leaves it out.
 */
public record ExecutionRequest(String template, String version, Map<String, JsonNode> parameters)
{
    public ExecutionRequest
    {
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(parameters));
    }

    public ExecutionRequest withVersion(final String resolvedVersion)
    {
        return new ExecutionRequest(template, resolvedVersion, parameters);
    }
}
