package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A server-sent events client over real HTTP, for tests: collects every event and comment a stream sends. */
final class SseClient implements AutoCloseable
{
    /** One event as received: its id (null for a notice without one), type and JSON data. */
    record Event(String id, String type, JsonNode data)
    {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;
    private final Thread reader;
    private final int status;
    private volatile boolean ended;

    private SseClient(final HttpResponse<Stream<String>> response)
    {
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code base + path} with {@code Accept: text/event-stream}; {@code lastEventId} may be null. */
    static SseClient open(final String base, final String token, final String path, final String lastEventId)
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET();
        if (lastEventId != null)
        {
            request.header("Last-Event-ID", lastEventId);
        }
        try
        {
            return new SseClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void read()
    {
        String id = null;
        String type = "message";
        final StringBuilder data = new StringBuilder();
        try
        {
            for (final String line : (Iterable<String>)lines::iterator)
            {
                if (line.isEmpty())
                {
                    if (data.length() > 0)
                    {
                        events.add(new Event(id, type, JsonHttp.JSON.readTree(data.toString())));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                }
                else if (line.startsWith(":"))
                {
                    comments.add(line);
                }
                else if (line.startsWith("id: "))
                {
                    id = line.substring(4);
                }
                else if (line.startsWith("event: "))
                {
                    type = line.substring(7);
                }
                else if (line.startsWith("data: "))
                {
                    data.append(line.substring(6));
                }
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // The stream closed under the reader.
        }
        ended = true;
    }

    int status()
    {
        return status;
    }

    List<Event> events()
    {
        return new ArrayList<>(events);
    }

    List<String> comments()
    {
        return new ArrayList<>(comments);
    }

    /** Waits until an event matches, and returns every event received up to and including it. */
    List<Event> awaitEvent(final Predicate<Event> last, final Duration atMost)
    {
        await().atMost(atMost).until(() -> events.stream().anyMatch(last));
        final List<Event> upTo = new ArrayList<>();
        for (final Event event : events)
        {
            upTo.add(event);
            if (last.test(event))
            {
                break;
            }
        }
        return upTo;
    }

    boolean ended()
    {
        return ended;
    }

    @Override
    public void close()
    {
        lines.close();
    }
}
