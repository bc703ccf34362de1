package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.JobSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a submission body into a {@link DagSpec}, checking shape only: unknown fields and wrong JSON types are
 * refused here with the path of the field ({@code jobs[2].priority}); whether the DAG makes sense (ids, edges,
 * limits) is the scheduler's {@code DagValidator}'s call.
 *
 * <p>The tree is walked by hand rather than data-bound because Jackson's binding coerces ({@code "5"} to 5,
 * {@code 5.7} to 5, {@code 42} to "42") and its error paths need translating anyway; a submitter is better served
 * by a strict reader that names the first offending field in document order.
 */
final class DagSubmissionReader
{
    private static final int MAX_ECHOED_NAME_CHARS = 100;
    private static final String DAG_FIELDS = "name and jobs";
    private static final String JOB_FIELDS = "id, executorClass, priority, payload and dependsOn";

    private final JsonCodec json;

    DagSubmissionReader(final JsonCodec json)
    {
        this.json = json;
    }

    DagSpec read(final ByteBuf body)
    {
        final JsonNode root = json.readTree(body);
        if (root == null || root.isMissingNode())
        {
            throw HttpProblem.of(ProblemType.MALFORMED_JSON, "the request body is empty").toException();
        }
        if (!root.isObject())
        {
            throw HttpProblem.of(
                    ProblemType.INVALID_FIELD_TYPE, "the request body must be a JSON object, got " + typeOf(root))
                .withField("$")
                .toException();
        }

        String name = null;
        List<JobSpec> jobs = List.of();
        for (final Map.Entry<String, JsonNode> field : root.properties())
        {
            switch (field.getKey())
            {
                case "name" -> name = optionalString(field.getValue(), "name");
                case "jobs" -> jobs = readJobs(field.getValue());
                default -> throw unknownField(field.getKey(), DAG_FIELDS);
            }
        }
        return new DagSpec(name, jobs);
    }

    private List<JobSpec> readJobs(final JsonNode node)
    {
        if (node.isNull())
        {
            return List.of();
        }
        if (!node.isArray())
        {
            throw wrongType("jobs", "an array of job objects", node);
        }
        final List<JobSpec> jobs = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            jobs.add(readJob(node.get(i), "jobs[" + i + "]"));
        }
        return jobs;
    }

    private JobSpec readJob(final JsonNode node, final String path)
    {
        if (!node.isObject())
        {
            throw wrongType(path, "a job object", node);
        }
        String id = null;
        String executorClass = null;
        int priority = 0;
        byte[] payload = null;
        List<String> dependsOn = null;
        for (final Map.Entry<String, JsonNode> field : node.properties())
        {
            final JsonNode value = field.getValue();
            final String fieldPath = path + "." + field.getKey();
            switch (field.getKey())
            {
                case "id" -> id = optionalString(value, fieldPath);
                case "executorClass" -> executorClass = optionalString(value, fieldPath);
                case "priority" -> priority = optionalInt(value, fieldPath);
                // Any JSON value is a payload; null means "none", the same as leaving it out.
                case "payload" -> payload = value.isNull() ? null : json.toCompactBytes(value);
                case "dependsOn" -> dependsOn = optionalStrings(value, fieldPath);
                default -> throw unknownField(fieldPath, JOB_FIELDS);
            }
        }
        return new JobSpec(id, executorClass, priority, payload, dependsOn);
    }

    private static String optionalString(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        if (!node.isTextual())
        {
            throw wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    private static int optionalInt(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return 0;
        }
        if (!node.isIntegralNumber())
        {
            throw wrongType(path, "an integer", node);
        }
        if (!node.canConvertToInt())
        {
            throw HttpProblem.of(
                    ProblemType.INVALID_FIELD_TYPE,
                    "field '" + path + "' must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE +
                    ", got " + Text.abbreviate(node.asText(), MAX_ECHOED_NAME_CHARS))
                .withField(path)
                .toException();
        }
        return node.intValue();
    }

    private static List<String> optionalStrings(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        if (!node.isArray())
        {
            throw wrongType(path, "an array of job ids", node);
        }
        final List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            final JsonNode element = node.get(i);
            if (!element.isTextual())
            {
                throw wrongType(path + "[" + i + "]", "a string", element);
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static HttpProblemException wrongType(final String path, final String expected, final JsonNode actual)
    {
        return HttpProblem.of(
                ProblemType.INVALID_FIELD_TYPE, "field '" + path + "' must be " + expected + ", got " + typeOf(actual))
            .withField(path)
            .toException();
    }

    private static HttpProblemException unknownField(final String path, final String known)
    {
        final String shownPath = Text.abbreviate(path, MAX_ECHOED_NAME_CHARS);
        return HttpProblem.of(
                ProblemType.UNKNOWN_FIELD,
                "unknown field '" + shownPath + "'; the known fields are " + known)
            .withField(shownPath)
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
