package io.weft.node.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The server-sent events format as the node writes it, and the corners of the standard a proxy or a newer node may bring. */
class SseParserTest
{
    private static List<SseParser.Event> parse(final SseParser parser, final String... lines)
    {
        final List<SseParser.Event> events = new ArrayList<>();
        for (final String line : lines)
        {
            final SseParser.Event event = parser.line(line);
            if (event != null)
            {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void readsTheNodesEventsNoticesAndHeartbeats()
    {
        final SseParser parser = new SseParser();
        final List<SseParser.Event> events = parse(parser,
            "retry: 2000", ": weft event stream, after id 41", "",
            "id: 42", "event: dag.accepted", "data: {\"id\":\"42\",\"type\":\"dag.accepted\"}", "",
            ": heartbeat 2026-12-01T04:23:12Z", "",
            "event: events.lost", "data: {\"lostFrom\":\"43\",\"lostTo\":\"50\"}", "",
            "id: 51", "event: dag.succeeded", "data: {\"id\":\"51\"}", "");
        assertEquals(List.of(
            new SseParser.Event("42", "dag.accepted", "{\"id\":\"42\",\"type\":\"dag.accepted\"}"),
            new SseParser.Event(null, "events.lost", "{\"lostFrom\":\"43\",\"lostTo\":\"50\"}"),
            new SseParser.Event("51", "dag.succeeded", "{\"id\":\"51\"}")), events);
        assertEquals(2000, parser.retryMs());
        assertEquals(2, parser.comments());
    }

    @Test
    void followsTheStandardsCorners()
    {
        final SseParser parser = new SseParser();
        assertEquals(-1, parser.retryMs(), "no retry until the server sends one");
        final List<SseParser.Event> events = parse(parser,
            "data: first", "data:second", "data:  indented", "",
            "data", "",
            "id: 7", "event: ignored", "",
            "data: after an event without data", "",
            "id: a\0b", "data: x", "",
            "retry: soon", "retry: 15s", "colour: blue", "event:", "data: typed nothing", "");
        assertEquals(List.of(
            new SseParser.Event(null, "message", "first\nsecond\n indented"),
            new SseParser.Event(null, "message", ""),
            new SseParser.Event(null, "message", "after an event without data"),
            new SseParser.Event(null, "message", "x"),
            new SseParser.Event(null, "message", "typed nothing")), events,
            "one space after the colon is dropped, data lines join, an event without data is dropped with its id and type, "
                + "an id with NUL is ignored, unknown fields too");
        assertEquals(-1, parser.retryMs(), "a retry that is not digits is ignored");
    }

    @Test
    void anEventCutOffBeforeItsBlankLineIsNotDispatched()
    {
        final SseParser parser = new SseParser();
        assertNull(parser.line("id: 9"));
        assertNull(parser.line("data: {\"half\":"));
        assertEquals(List.of(), parse(new SseParser(), "id: 9", "data: {}"), "a stream that drops mid-event yields nothing of it");
    }
}
