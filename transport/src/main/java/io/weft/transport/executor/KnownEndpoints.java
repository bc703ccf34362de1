package io.weft.transport.executor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The node endpoints an executor may turn to when its node is lost: the configured ones, then those the latest
 * RegisterAck listed as the cluster's. Agent thread only, except {@link #snapshot()}.
 */
final class KnownEndpoints
{
    private final List<String> configured;
    private List<String> learned = List.of();
    private volatile List<String> all;

    KnownEndpoints(final List<String> configured)
    {
        this.configured = List.copyOf(configured);
        this.all = this.configured;
    }

    /**
     * Parse a comma-separated list of "host:port" endpoints, skipping blanks and duplicates.
     *
     * @throws IllegalArgumentException for an entry that is not host:port.
     */
    static List<String> parse(final String commaSeparated)
    {
        final Set<String> endpoints = new LinkedHashSet<>();
        for (final String part : commaSeparated.split(","))
        {
            final String endpoint = part.trim();
            if (endpoint.isEmpty())
            {
                continue;
            }
            if (!isEndpoint(endpoint))
            {
                throw new IllegalArgumentException("not a host:port endpoint: " + endpoint);
            }
            endpoints.add(endpoint);
        }
        return List.copyOf(endpoints);
    }

    static boolean isEndpoint(final String endpoint)
    {
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1 || endpoint.indexOf(',') >= 0)
        {
            return false;
        }
        for (int i = colon + 1; i < endpoint.length(); i++)
        {
            if (!Character.isDigit(endpoint.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Take the cluster's endpoints from a RegisterAck. An empty list (a node that does not know its cluster, or
     * one speaking protocol version 1) keeps what was learned before; a malformed one is ignored.
     *
     * @return true if the known endpoints changed.
     */
    boolean learn(final String clusterEndpoints)
    {
        if (clusterEndpoints.isEmpty())
        {
            return false;
        }
        final List<String> parsed;
        try
        {
            parsed = parse(clusterEndpoints);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
        if (parsed.isEmpty() || parsed.equals(learned))
        {
            return false;
        }
        learned = parsed;
        final Set<String> union = new LinkedHashSet<>(configured);
        union.addAll(learned);
        all = List.copyOf(union);
        return true;
    }

    int size()
    {
        return all.size();
    }

    /**
     * @return the endpoint after {@code current} in the list, wrapping around; the first one when
     * {@code current} is not in the list (a redirect target never listed).
     */
    String after(final String current)
    {
        final List<String> endpoints = all;
        final int index = endpoints.indexOf(current);
        return endpoints.get((index + 1) % endpoints.size());
    }

    List<String> snapshot()
    {
        return all;
    }
}
