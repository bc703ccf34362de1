package io.weft.node.cli;

/**
 * Turns the lines of a {@code text/event-stream} body into events, as the server-sent events standard reads them:
 * {@code field: value} lines gather into one event, a blank line ends it, a line starting with {@code :} is a
 * comment (the node's heartbeats). Fed one line at a time, so it does not care how the lines arrive.
 */
final class SseParser
{
    /**
     * One event. {@code id} is null when the event had no {@code id:} line of its own: the node sends none with
     * notices such as {@code events.lost}, which are not positions in the stream to resume after.
     */
    record Event(String id, String type, String data)
    {
    }

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;
    private String id;
    private long retryMs = -1;
    private long comments;

    /** Takes one line (without its line ending); returns the event it completes, else null. */
    Event line(final String line)
    {
        if (line.isEmpty())
        {
            return dispatch();
        }
        if (line.charAt(0) == ':')
        {
            comments++;
            return null;
        }
        final int colon = line.indexOf(':');
        final String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" "))
        {
            value = value.substring(1);
        }
        switch (field)
        {
            case "data" ->
            {
                if (hasData)
                {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            case "id" ->
            {
                // The standard ignores an id with a NUL in it: it could not be sent back in a header.
                if (value.indexOf('\0') < 0)
                {
                    id = value;
                }
            }
            case "retry" ->
            {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9') && value.length() < 18)
                {
                    retryMs = Long.parseLong(value);
                }
            }
            default ->
            {
                // unknown fields are ignored, so a newer node can add some
            }
        }
        return null;
    }

    /** How long the node asked a client to wait before reconnecting ({@code retry:}), or -1 if it did not say. */
    long retryMs()
    {
        return retryMs;
    }

    /** Comment lines seen: the node's heartbeats, which say the connection is alive when there is nothing to send. */
    long comments()
    {
        return comments;
    }

    private Event dispatch()
    {
        // The standard drops an event without data. Unlike a browser's EventSource, which keeps the last id it saw
        // for every later event, the id here is the event's own: the follower keeps its position itself.
        final Event event = hasData ? new Event(id, type == null || type.isEmpty() ? "message" : type, data.toString()) : null;
        data.setLength(0);
        hasData = false;
        type = null;
        id = null;
        return event;
    }
}
