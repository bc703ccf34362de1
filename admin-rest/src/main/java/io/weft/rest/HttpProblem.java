package io.weft.rest;

import io.weft.scheduler.api.DagValidationException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RFC 9457 problem before it becomes a response: what went wrong, which request field it concerns (when one
 * does) and the headers the status needs, such as Allow for 405 or Retry-After for 503.
 *
 * @param slug    last segment of the type URI
 * @param title   short, stable summary of the problem type
 * @param status  HTTP status code
 * @param detail  this occurrence, naming the offending job or field
 * @param field   path of the offending request field ({@code jobs[0].priority}), or null
 * @param headers extra response headers, never null
 */
record HttpProblem(String slug, String title, int status, String detail, String field, Map<String, String> headers)
{
    static final String TYPE_BASE_URI = "https://weft.dev/problems/";

    HttpProblem
    {
        headers = Map.copyOf(headers);
    }

    static HttpProblem of(final ProblemType type, final String detail)
    {
        return new HttpProblem(type.slug(), type.title(), type.status(), detail, null, Map.of());
    }

    static HttpProblem of(final DagValidationException ex)
    {
        final DagValidationException.Problem problem = ex.problem();
        return new HttpProblem(problem.slug(), problem.title(), problem.httpStatus(), ex.getMessage(), null, Map.of());
    }

    String type()
    {
        return TYPE_BASE_URI + slug;
    }

    HttpProblem withField(final String fieldPath)
    {
        return new HttpProblem(slug, title, status, detail, fieldPath, headers);
    }

    HttpProblem withHeader(final String name, final String value)
    {
        final Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpProblem(slug, title, status, detail, field, more);
    }

    HttpProblemException toException()
    {
        return new HttpProblemException(this);
    }
}
