package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Follows {@code /api/v1/events} as server-sent events until the calling thread is interrupted. A connection that
 * ends (the node restarts, the network drops) or goes silent past the node's heartbeats is opened again, with
 * {@code Last-Event-ID} set to the last event handed on, so the node resumes right after it: nothing comes twice, and
 * nothing is missed while the node's buffer still holds it (when it does not, the node says so and the follower
 * warns). It gives up only when no node has answered for a while.
 */
final class EventFollower
{
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    static final String LOST = "events.lost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUED_LINES = 1024;

    /** Where events and warnings go; called on the following thread only. */
    interface Sink
    {
        void event(JsonNode event);

        void warning(String text);
    }

    private final ApiClient api;
    private final String path;
    private final Duration giveUpAfter;
    private final Duration silence;
    private final Sink sink;
    private String lastEventId;
    private long retryMs = FIRST_RETRY.toMillis();

    /**
     * @param afterId where to start: the id of the last event already shown, or null for the next new one
     * @param giveUpAfter how long connection attempts may fail in a row before {@link #follow()} gives up
     * @param silence how long a connection may send nothing, not even a heartbeat, before it counts as dropped
     */
    EventFollower(final ApiClient api, final String path, final String afterId, final Duration giveUpAfter, final Duration silence,
        final Sink sink)
    {
        this.api = api;
        this.path = path;
        this.lastEventId = afterId;
        this.giveUpAfter = giveUpAfter;
        this.silence = silence;
        this.sink = sink;
    }

    /**
     * Follows until this thread is interrupted (returns null, with the interrupt still set) or the node refuses the
     * request (returns its answer). Throws when no node has answered for {@code giveUpAfter}.
     */
    ApiClient.Answer follow() throws ApiClient.UnreachableException
    {
        long failingSinceNanos = 0;
        boolean failing = false;
        long delayMs = FIRST_RETRY.toMillis();
        try
        {
            while (true)
            {
                ApiClient.Answer failed = null;
                String why;
                try
                {
                    final HttpResponse<Stream<String>> response = api.eventStream(path, lastEventId);
                    if (response.statusCode() == 200)
                    {
                        failing = false;
                        delayMs = FIRST_RETRY.toMillis();
                        final String ended = read(response.body());
                        sink.warning("the event stream ended (" + ended + "); reconnecting"
                            + (lastEventId == null ? "" : " after event " + lastEventId));
                        // The node's retry hint paces a reconnect after a stream that worked; failures back off.
                        Thread.sleep(retryMs);
                        continue;
                    }
                    try (Stream<String> body = response.body())
                    {
                        failed = new ApiClient.Answer(response.statusCode(), body.collect(Collectors.joining("\n")));
                    }
                    catch (final UncheckedIOException ex)
                    {
                        failed = new ApiClient.Answer(response.statusCode(), "");
                    }
                    if (failed.status() / 100 == 4)
                    {
                        return failed;
                    }
                    why = "the node answered " + failed.status();
                }
                catch (final ApiClient.UnreachableException ex)
                {
                    why = ex.getMessage();
                }
                final long now = System.nanoTime();
                if (!failing)
                {
                    failing = true;
                    failingSinceNanos = now;
                    sink.warning(why + "; retrying for up to " + giveUpAfter.toSeconds() + " s");
                }
                else if (now - failingSinceNanos >= giveUpAfter.toNanos())
                {
                    if (failed != null)
                    {
                        return failed;
                    }
                    throw new ApiClient.UnreachableException(why + " (gave up after " + giveUpAfter.toSeconds() + " s of retries)");
                }
                Thread.sleep(delayMs);
                delayMs = Math.min(delayMs * 2, LONGEST_RETRY.toMillis());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The id of the last event handed on: where a reconnect resumes. */
    String lastEventId()
    {
        return lastEventId;
    }

    /**
     * Hands on the events of one connection until it ends; returns why it ended. The lines are read on a thread of
     * their own because a read blocked in the HTTP client neither answers an interrupt nor times out: this thread waits
     * on a queue instead, which does both, and closing the body releases the reader.
     */
    private String read(final Stream<String> body) throws InterruptedException
    {
        final BlockingQueue<Line> lines = new ArrayBlockingQueue<>(QUEUED_LINES);
        final Thread reader = new Thread(() -> pump(body, lines), "weft-events-reader");
        reader.setDaemon(true);
        reader.start();
        final SseParser parser = new SseParser();
        try
        {
            while (true)
            {
                final Line line = lines.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null)
                {
                    return "nothing came for " + silence.toSeconds() + " s, not even a heartbeat";
                }
                if (line.text() == null)
                {
                    return line.ended();
                }
                final SseParser.Event event = parser.line(line.text());
                if (parser.retryMs() >= 0)
                {
                    retryMs = parser.retryMs();
                }
                if (event != null)
                {
                    hand(event);
                }
            }
        }
        finally
        {
            body.close();
            reader.interrupt();
        }
    }

    private void hand(final SseParser.Event event)
    {
        final JsonNode data;
        try
        {
            data = JSON.readTree(event.data());
        }
        catch (final Exception ex)
        {
            sink.warning("skipped an event that is not JSON: " + event.data());
            return;
        }
        if (LOST.equals(event.type()))
        {
            sink.warning(data.path("detail").asText("the node's buffer no longer holds some events")
                + (data.hasNonNull("lostFrom") ? " (events " + data.path("lostFrom").asText() + " to " + data.path("lostTo").asText()
                + " are gone)" : ""));
            // The node goes on after the lost range; resuming there on a reconnect spares a second notice.
            if (data.hasNonNull("lostTo"))
            {
                lastEventId = data.path("lostTo").asText();
            }
            return;
        }
        if (event.id() != null)
        {
            lastEventId = event.id();
        }
        sink.event(data);
    }

    private static void pump(final Stream<String> body, final BlockingQueue<Line> lines)
    {
        try
        {
            String ended;
            try
            {
                final Iterator<String> text = body.iterator();
                while (text.hasNext())
                {
                    lines.put(new Line(text.next(), null));
                }
                ended = "the node closed it";
            }
            catch (final UncheckedIOException ex)
            {
                ended = ex.getCause().getMessage() == null ? ex.getCause().getClass().getSimpleName() : ex.getCause().getMessage();
            }
            lines.put(new Line(null, ended));
        }
        catch (final InterruptedException ex)
        {
            // the follower has stopped reading this connection
        }
    }

    /** A line of the body, or (text null) the end of it and why. */
    private record Line(String text, String ended)
    {
    }
}
