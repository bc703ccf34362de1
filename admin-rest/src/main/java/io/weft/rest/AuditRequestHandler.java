package io.weft.rest;

import io.weft.rest.security.AuditLog;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/v1/audit}: the audit trail, newest first, filtered by principal, action, target and time, paged. */
final class AuditRequestHandler
{
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMS = Set.of("principal", "action", "target", "from", "to", "offset", "limit");

    private final AuditLog audit;
    private final ReadOffloader reads;

    AuditRequestHandler(final AuditLog audit, final ReadOffloader reads)
    {
        this.audit = audit;
        this.reads = reads;
    }

    void query(final RestExchange exchange)
    {
        final Map<String, List<String>> params;
        try
        {
            params = exchange.queryParams();
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid("the query is not valid percent-encoding");
        }
        for (final String name : params.keySet())
        {
            if (!PARAMS.contains(name))
            {
                throw invalid("unknown query parameter '" + Text.abbreviate(name, 40) + "'; allowed: action, from, limit, offset, principal, target, to");
            }
        }
        final String principal = single(params, "principal");
        final String action = single(params, "action");
        final String target = single(params, "target");
        final Long from = time(params, "from");
        final Long to = time(params, "to");
        final int offset = number(params, "offset", 0, Integer.MAX_VALUE, 0);
        final int limit = number(params, "limit", 1, MAX_LIMIT, 100);
        reads.offload(exchange, () -> audit.query(principal, action, target, from, to, offset, limit));
    }

    private static String single(final Map<String, List<String>> params, final String name)
    {
        final List<String> values = params.get(name);
        if (values == null || values.isEmpty())
        {
            return null;
        }
        if (values.size() > 1)
        {
            throw invalid("query parameter '" + name + "' is given more than once");
        }
        return values.get(0);
    }

    private static Long time(final Map<String, List<String>> params, final String name)
    {
        final String text = single(params, name);
        if (text == null)
        {
            return null;
        }
        try
        {
            return Instant.parse(text).toEpochMilli();
        }
        catch (final DateTimeParseException ex)
        {
            throw invalid(name + " must be an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }

    private static int number(final Map<String, List<String>> params, final String name, final int min, final int max, final int otherwise)
    {
        final String text = single(params, name);
        if (text == null)
        {
            return otherwise;
        }
        try
        {
            final int value = Integer.parseInt(text);
            if (value < min || value > max)
            {
                throw invalid(name + " must be from " + min + " to " + max);
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(name + " must be a whole number");
        }
    }

    private static HttpProblemException invalid(final String detail)
    {
        return HttpProblem.of(ProblemType.INVALID_QUERY, detail).toException();
    }
}
