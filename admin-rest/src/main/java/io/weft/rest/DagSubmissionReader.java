package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DuplicatePolicy;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.RetryPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    private static final String DAG_FIELDS = "name, jobs, failurePolicy, referenceKey and duplicatePolicy";
    private static final String JOB_FIELDS =
        "id, executorClass, priority, payload, dependsOn, retry, softDeadlineMs, hardDeadlineMs and runTimeoutMs";
    private static final String RETRY_FIELDS = "maxAttempts, initialBackoffMs, multiplier, maxBackoffMs and jitter";

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
            throw JsonFields.wrongType("$", "a JSON object", root);
        }

        String name = null;
        List<JobSpec> jobs = List.of();
        FailurePolicy failurePolicy = null;
        String referenceKey = null;
        DuplicatePolicy duplicatePolicy = null;
        for (final Map.Entry<String, JsonNode> field : root.properties())
        {
            switch (field.getKey())
            {
                case "name" -> name = optionalString(field.getValue(), "name");
                case "jobs" -> jobs = readJobs(field.getValue());
                case "failurePolicy" -> failurePolicy = optionalEnum(field.getValue(), "failurePolicy", FailurePolicy.class);
                case "referenceKey" -> referenceKey = optionalString(field.getValue(), "referenceKey");
                case "duplicatePolicy" -> duplicatePolicy = optionalEnum(field.getValue(), "duplicatePolicy", DuplicatePolicy.class);
                default -> throw unknownField(field.getKey(), DAG_FIELDS);
            }
        }
        return new DagSpec(name, jobs, failurePolicy, referenceKey, duplicatePolicy);
    }

    private List<JobSpec> readJobs(final JsonNode node)
    {
        if (node.isNull())
        {
            return List.of();
        }
        if (!node.isArray())
        {
            throw JsonFields.wrongType("jobs", "an array of job objects", node);
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
            throw JsonFields.wrongType(path, "a job object", node);
        }
        String id = null;
        String executorClass = null;
        int priority = 0;
        byte[] payload = null;
        List<String> dependsOn = null;
        RetryDraft retry = null;
        long softDeadlineMs = 0;
        long hardDeadlineMs = 0;
        long runTimeoutMs = 0;
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
                case "retry" -> retry = readRetry(value, fieldPath);
                // Negative values pass through: whether timings make sense is the validator's call (invalid-timing).
                case "softDeadlineMs" -> softDeadlineMs = optionalLong(value, fieldPath, 0);
                case "hardDeadlineMs" -> hardDeadlineMs = optionalLong(value, fieldPath, 0);
                case "runTimeoutMs" -> runTimeoutMs = optionalLong(value, fieldPath, 0);
                default -> throw unknownField(fieldPath, JOB_FIELDS);
            }
        }
        // Ranges are checked once the whole job is read, so that the problem can name the job by its id.
        final RetryPolicy retryPolicy = retry == null ? null : retry.toPolicy(id == null ? path : "'" + id + "'");
        return new JobSpec(id, executorClass, priority, payload, dependsOn, retryPolicy, softDeadlineMs, hardDeadlineMs, runTimeoutMs);
    }

    /** The retry object's fields, type-checked; a missing field takes {@link RetryPolicy#DEFAULT}'s value. */
    private static RetryDraft readRetry(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        if (!node.isObject())
        {
            throw JsonFields.wrongType(path, "a retry object", node);
        }
        final RetryPolicy defaults = RetryPolicy.DEFAULT;
        int maxAttempts = defaults.maxAttempts();
        long initialBackoffMs = defaults.initialBackoffMs();
        double multiplier = defaults.multiplier();
        long maxBackoffMs = defaults.maxBackoffMs();
        double jitter = defaults.jitter();
        for (final Map.Entry<String, JsonNode> field : node.properties())
        {
            final JsonNode value = field.getValue();
            final String fieldPath = path + "." + field.getKey();
            switch (field.getKey())
            {
                case "maxAttempts" -> maxAttempts = optionalInt(value, fieldPath, defaults.maxAttempts());
                case "initialBackoffMs" -> initialBackoffMs = optionalLong(value, fieldPath, defaults.initialBackoffMs());
                case "multiplier" -> multiplier = optionalNumber(value, fieldPath, defaults.multiplier());
                case "maxBackoffMs" -> maxBackoffMs = optionalLong(value, fieldPath, defaults.maxBackoffMs());
                case "jitter" -> jitter = optionalNumber(value, fieldPath, defaults.jitter());
                default -> throw unknownField(fieldPath, RETRY_FIELDS);
            }
        }
        return new RetryDraft(path, maxAttempts, initialBackoffMs, multiplier, maxBackoffMs, jitter);
    }

    private record RetryDraft(String path, int maxAttempts, long initialBackoffMs, double multiplier, long maxBackoffMs, double jitter)
    {
        RetryPolicy toPolicy(final String job)
        {
            if (maxAttempts < 1)
            {
                throw outOfRange(job, "maxAttempts", "must be at least 1, got " + maxAttempts);
            }
            if (initialBackoffMs < 0)
            {
                throw outOfRange(job, "initialBackoffMs", "must not be negative, got " + initialBackoffMs);
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier))
            {
                throw outOfRange(job, "multiplier", "must be a finite number of at least 1, got " + multiplier);
            }
            if (maxBackoffMs < 0)
            {
                throw outOfRange(job, "maxBackoffMs", "must not be negative, got " + maxBackoffMs);
            }
            if (!(jitter >= 0.0 && jitter <= 1.0))
            {
                throw outOfRange(job, "jitter", "must be from 0 to 1, got " + jitter);
            }
            try
            {
                return new RetryPolicy(maxAttempts, initialBackoffMs, multiplier, maxBackoffMs, jitter);
            }
            catch (final IllegalArgumentException ex)
            {
                // The checks above mirror RetryPolicy's; should it grow a rule, its own message still reaches the client.
                throw HttpProblem.of(
                        ProblemType.INVALID_RETRY_POLICY,
                        "job " + Text.abbreviate(job, MAX_ECHOED_NAME_CHARS) + " has an invalid retry policy: " + ex.getMessage())
                    .withField(path)
                    .toException();
            }
        }

        private HttpProblemException outOfRange(final String job, final String field, final String why)
        {
            final String fieldPath = path + "." + field;
            return HttpProblem.of(
                    ProblemType.INVALID_RETRY_POLICY,
                    "job " + Text.abbreviate(job, MAX_ECHOED_NAME_CHARS) + " has an invalid retry policy: '" + fieldPath + "' " + why)
                .withField(fieldPath)
                .toException();
        }
    }

    private static String optionalString(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        if (!node.isTextual())
        {
            throw JsonFields.wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    private static int optionalInt(final JsonNode node, final String path)
    {
        return optionalInt(node, path, 0);
    }

    private static int optionalInt(final JsonNode node, final String path, final int absent)
    {
        if (node.isNull())
        {
            return absent;
        }
        if (!node.isIntegralNumber())
        {
            throw JsonFields.wrongType(path, "an integer", node);
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

    private static long optionalLong(final JsonNode node, final String path, final long absent)
    {
        if (node.isNull())
        {
            return absent;
        }
        if (!node.isIntegralNumber())
        {
            throw JsonFields.wrongType(path, "an integer", node);
        }
        if (!node.canConvertToLong())
        {
            throw HttpProblem.of(
                    ProblemType.INVALID_FIELD_TYPE,
                    "field '" + path + "' must be a 64-bit integer, got " + Text.abbreviate(node.asText(), MAX_ECHOED_NAME_CHARS))
                .withField(path)
                .toException();
        }
        return node.longValue();
    }

    private static double optionalNumber(final JsonNode node, final String path, final double absent)
    {
        if (node.isNull())
        {
            return absent;
        }
        if (!node.isNumber())
        {
            throw JsonFields.wrongType(path, "a number", node);
        }
        return node.doubleValue();
    }

    private static <E extends Enum<E>> E optionalEnum(final JsonNode node, final String path, final Class<E> type)
    {
        if (node.isNull())
        {
            return null;
        }
        if (!node.isTextual())
        {
            throw JsonFields.wrongType(path, "a string", node);
        }
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equals(node.textValue()))
            {
                return constant;
            }
        }
        throw HttpProblem.of(
                ProblemType.INVALID_FIELD_VALUE,
                "field '" + path + "' must be one of " + Arrays.toString(type.getEnumConstants()) + ", got '" +
                Text.abbreviate(node.textValue(), MAX_ECHOED_NAME_CHARS) + "'")
            .withField(path)
            .toException();
    }

    private static List<String> optionalStrings(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        if (!node.isArray())
        {
            throw JsonFields.wrongType(path, "an array of job ids", node);
        }
        final List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            final JsonNode element = node.get(i);
            if (!element.isTextual())
            {
                throw JsonFields.wrongType(path + "[" + i + "]", "a string", element);
            }
            values.add(element.textValue());
        }
        return values;
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
}
