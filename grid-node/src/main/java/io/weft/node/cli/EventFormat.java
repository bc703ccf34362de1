package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * How an event of {@code /api/v1/events} reads to a person: the same columns in a page's table and in a followed
 * stream's lines, so an operator reads both alike.
 */
final class EventFormat
{
    static final String[] HEADER = {"ID", "AT", "TYPE", "SEVERITY", "SUBJECT", "DETAIL"};
    static final int DETAIL_CHARS = 100;

    private EventFormat()
    {
    }

    static Object[] cells(final JsonNode event)
    {
        return new Object[] {event.path("id").asText(), event.path("at").asText(), event.path("type").asText(),
            event.path("severity").asText(), subject(event), detail(event.path("payload"))};
    }

    /**
     * A streamed event cannot be padded to the widest cell of rows not yet seen: fixed widths that fit the common
     * values keep the columns mostly aligned, and a longer value pushes its line out rather than being cut.
     */
    static String line(final JsonNode event)
    {
        return line(cells(event));
    }

    /** One streamed line of these cells, or of {@link #HEADER}. */
    static String line(final Object... cells)
    {
        return String.format(java.util.Locale.ROOT, "%-8s  %-24s  %-20s  %-8s  %-24s  %s", cells).stripTrailing();
    }

    /** What the event is about: a DAG (and job), else a deployment, else a fabric group (and gateway), else a node. */
    static String subject(final JsonNode event)
    {
        if (event.hasNonNull("dagId"))
        {
            return "dag " + event.path("dagId").asText() + (event.hasNonNull("jobId") ? " job " + event.path("jobId").asText() : "");
        }
        if (event.hasNonNull("deployment"))
        {
            return "deployment " + event.path("deployment").asText();
        }
        if (event.hasNonNull("group") || event.hasNonNull("gateway"))
        {
            return (event.hasNonNull("group") ? "group " + event.path("group").asText() : "")
                + (event.hasNonNull("group") && event.hasNonNull("gateway") ? " " : "")
                + (event.hasNonNull("gateway") ? "gateway " + event.path("gateway").asText() : "");
        }
        return event.hasNonNull("node") ? "node " + event.path("node").asText() : "-";
    }

    /** The payload as {@code name=value} pairs, nested objects in braces, cut to {@link #DETAIL_CHARS}. */
    static String detail(final JsonNode payload)
    {
        final String text = payload.isObject() ? pairs(payload) : payload.isMissingNode() || payload.isNull() ? "" : payload.toString();
        return text.length() <= DETAIL_CHARS ? text : text.substring(0, DETAIL_CHARS - 3) + "...";
    }

    private static String pairs(final JsonNode object)
    {
        final StringBuilder text = new StringBuilder();
        final Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull())
            {
                continue;
            }
            if (text.length() > 0)
            {
                text.append(' ');
            }
            text.append(field.getKey()).append('=');
            if (field.getValue().isObject())
            {
                text.append('{').append(pairs(field.getValue())).append('}');
            }
            else if (field.getValue().isValueNode())
            {
                text.append(field.getValue().asText());
            }
            else
            {
                text.append(field.getValue());
            }
        }
        return text.toString();
    }
}
