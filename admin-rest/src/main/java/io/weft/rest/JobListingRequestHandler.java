package io.weft.rest;

import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.SchedulerApi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/jobs?state=&class=&offset=&limit=} and {@code GET /api/v1/dead-letters?offset=&limit=}.
 *
 * <p>The query is checked on the event loop, as strictly as a submission body (an unknown or repeated parameter is
 * refused, not ignored, so a typo never silently widens a listing); the listing itself scans the grid and is
 * offloaded.
 */
final class JobListingRequestHandler
{
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private static final int MAX_ECHOED_VALUE_CHARS = 100;
    private static final Set<String> JOB_PARAMS = Set.of("state", "class", "offset", "limit");
    private static final Set<String> DEAD_LETTER_PARAMS = Set.of("offset", "limit");
    private static final String STATE_NAMES = Arrays.toString(JobState.values());

    private final SchedulerApi api;
    private final ReadOffloader reads;

    JobListingRequestHandler(final SchedulerApi api, final ReadOffloader reads)
    {
        this.api = api;
        this.reads = reads;
    }

    void listJobs(final RestExchange exchange)
    {
        final Map<String, String> query = query(exchange, JOB_PARAMS, "state, class, offset and limit");
        final JobState state = state(query.get("state"));
        final String executorClass = executorClass(query.get("class"));
        final int offset = offset(query.get("offset"));
        final int limit = limit(query.get("limit"));
        final String owner = ownerFilter(exchange);
        reads.offload(exchange, () -> ResponseBodies.JobList.of(owner == null
            ? api.listJobs(state, executorClass, offset, limit) : api.listJobs(state, executorClass, owner, offset, limit)));
    }

    void deadLetters(final RestExchange exchange)
    {
        final Map<String, String> query = query(exchange, DEAD_LETTER_PARAMS, "offset and limit");
        final int offset = offset(query.get("offset"));
        final int limit = limit(query.get("limit"));
        final String owner = ownerFilter(exchange);
        reads.offload(exchange, () -> ResponseBodies.JobList.of(owner == null ? api.deadLetters(offset, limit) : api.deadLetters(owner, offset, limit)));
    }

    private static Map<String, String> query(final RestExchange exchange, final Set<String> known, final String knownText)
    {
        final Map<String, List<String>> params;
        try
        {
            params = exchange.queryParams();
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid("the query string is not validly percent-encoded");
        }
        final Map<String, String> single = new LinkedHashMap<>();
        for (final Map.Entry<String, List<String>> param : params.entrySet())
        {
            final String name = param.getKey();
            if (!known.contains(name))
            {
                throw invalid("unknown query parameter '" + shown(name) + "'; the known parameters are " + knownText);
            }
            if (param.getValue().size() != 1)
            {
                throw invalid("query parameter '" + name + "' is given " + param.getValue().size() + " times; give it once");
            }
            single.put(name, param.getValue().get(0));
        }
        return single;
    }

    private static JobState state(final String text)
    {
        if (text == null)
        {
            return null;
        }
        try
        {
            return JobState.valueOf(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid("state '" + shown(text) + "' is not a job state; use one of " + STATE_NAMES);
        }
    }

    private static String executorClass(final String text)
    {
        if (text != null && text.isEmpty())
        {
            throw invalid("class must not be empty; leave it out to list every class");
        }
        return text;
    }

    private static int offset(final String text)
    {
        return text == null ? 0 : integer("offset", text, 0, Integer.MAX_VALUE);
    }

    private static int limit(final String text)
    {
        return text == null ? DEFAULT_LIMIT : integer("limit", text, 1, MAX_LIMIT);
    }

    private static int integer(final String name, final String text, final int min, final int max)
    {
        final int value;
        try
        {
            value = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(name + " '" + shown(text) + "' is not an integer from " + min + " to " + max);
        }
        if (value < min || value > max)
        {
            throw invalid(name + " " + value + " is out of range; use an integer from " + min + " to " + max);
        }
        return value;
    }

    private static HttpProblemException invalid(final String detail)
    {
        return HttpProblem.of(ProblemType.INVALID_QUERY, detail).toException();
    }

    private static String shown(final String text)
    {
        return Text.abbreviate(text, MAX_ECHOED_VALUE_CHARS);
    }

    /** A developer lists the jobs of its own DAGs only; everyone else, every DAG's. */
    private static String ownerFilter(final RestExchange exchange)
    {
        return exchange.principal().role().ownDagsOnly() ? exchange.principal().name() : null;
    }
}
