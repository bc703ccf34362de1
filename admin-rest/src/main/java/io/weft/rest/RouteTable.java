package io.weft.rest;

import io.netty.handler.codec.http.HttpMethod;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a method and a path to a handler. Templates are literal segments and {@code {name}} parameters; a parameter
 * matches exactly one non-empty segment. Immutable once built, so one table serves every connection.
 *
 * <p>The path is given as sent (still percent-encoded) and each segment is decoded on its own, so that an escaped
 * slash ({@code %2F}) in a job id stays inside its parameter instead of splitting the path.
 */
final class RouteTable
{
    record Route(HttpMethod method, String template, RequestHandler handler)
    {
    }

    /**
     * The outcome of a lookup: a route with its path parameters, or no route, in which case {@code allowedMethods}
     * tells 405 (the path exists under other methods) from 404 (it does not).
     */
    record Resolution(Route route, Map<String, String> pathParams, Set<String> allowedMethods)
    {
        boolean found()
        {
            return route != null;
        }
    }

    private final List<Route> routes;
    private final List<String[]> segments;

    private RouteTable(final List<Route> routes)
    {
        this.routes = List.copyOf(routes);
        this.segments = new ArrayList<>(routes.size());
        for (final Route route : routes)
        {
            segments.add(split(route.template()));
        }
    }

    static Builder builder()
    {
        return new Builder();
    }

    List<Route> routes()
    {
        return routes;
    }

    /** @param rawPath the request path without its query, percent-escapes not yet decoded */
    Resolution resolve(final HttpMethod method, final String rawPath)
    {
        final String[] pathSegments = split(rawPath);
        for (int i = 0; i < pathSegments.length; i++)
        {
            pathSegments[i] = decodeSegment(pathSegments[i]);
        }
        final Set<String> allowed = new LinkedHashSet<>();
        for (int i = 0; i < routes.size(); i++)
        {
            final Map<String, String> params = match(segments.get(i), pathSegments);
            if (params == null)
            {
                continue;
            }
            final Route route = routes.get(i);
            if (route.method().equals(method))
            {
                return new Resolution(route, params, Set.of());
            }
            allowed.add(route.method().name());
        }
        return new Resolution(null, Map.of(), allowed);
    }

    private static Map<String, String> match(final String[] template, final String[] path)
    {
        if (template.length != path.length)
        {
            return null;
        }
        Map<String, String> params = Map.of();
        for (int i = 0; i < template.length; i++)
        {
            final String expected = template[i];
            if (expected.startsWith("{") && expected.endsWith("}"))
            {
                if (path[i].isEmpty())
                {
                    return null;
                }
                if (params.isEmpty())
                {
                    params = new LinkedHashMap<>();
                }
                params.put(expected.substring(1, expected.length() - 1), path[i]);
            }
            else if (!expected.equals(path[i]))
            {
                return null;
            }
        }
        return params;
    }

    /**
     * Percent-decodes one path segment; unlike form decoding, '+' is a plus here, not a space. The router has
     * already refused a path whose escapes do not decode, so the fallback only keeps a lookup from ever throwing.
     */
    private static String decodeSegment(final String segment)
    {
        if (segment.indexOf('%') < 0)
        {
            return segment;
        }
        try
        {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException ex)
        {
            return segment;
        }
    }

    private static String[] split(final String path)
    {
        final String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }

    static final class Builder
    {
        private final List<Route> routes = new ArrayList<>();

        Builder add(final HttpMethod method, final String template, final RequestHandler handler)
        {
            routes.add(new Route(method, template, handler));
            return this;
        }

        RouteTable build()
        {
            return new RouteTable(routes);
        }
    }
}
