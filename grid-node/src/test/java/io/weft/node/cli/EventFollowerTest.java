package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The follower against a stand-in node that drops and stalls connections on cue: what a node restart or a dead
 * network looks like from the client, without waiting for either.
 */
class EventFollowerTest
{
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    @AfterEach
    void stopServer() throws InterruptedException
    {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }

    private EventFollower follower(final String afterId, final Duration giveUpAfter, final Duration silence)
    {
        final ApiClient api = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), "secret", null);
        return new EventFollower(api, "/api/v1/events?type=dag.*", afterId, giveUpAfter, silence, new EventFollower.Sink()
        {
            @Override
            public void event(final JsonNode event)
            {
                events.add(event.path("id").asText());
            }

            @Override
            public void warning(final String text)
            {
                warnings.add(text);
            }
        });
    }

    private static void send(final HttpExchange exchange, final String text) throws IOException
    {
        final OutputStream body = exchange.getResponseBody();
        body.write(text.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    private static String event(final long id)
    {
        return "id: " + id + "\nevent: dag.succeeded\ndata: {\"id\":\"" + id + "\",\"type\":\"dag.succeeded\"}\n\n";
    }

    @Test
    void reconnectsAfterADropAndAStallResumingAfterTheLastEventAndWarnsOfLostOnes() throws Exception
    {
        server.createContext("/api/v1/events", exchange -> {
            lastEventIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            assertEquals("Bearer secret", exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            switch (connections.incrementAndGet())
            {
                // The node sends two events and goes away, as a restarting node does.
                case 1 -> send(exchange, "retry: 50\n: weft event stream\n\n" + event(5) + event(6));
                // Back, it has lost some, sends one more, then falls silent, as a dead network does.
                case 2 ->
                {
                    send(exchange, "event: events.lost\ndata: {\"requestedAfter\":\"6\",\"lostFrom\":\"7\",\"lostTo\":\"9\","
                        + "\"detail\":\"the event buffer no longer holds these events\"}\n\n" + event(10) + "id: 11\ndata: {\"id\":");
                    awaitRelease();
                }
                default ->
                {
                    send(exchange, event(12));
                    awaitRelease();
                }
            }
            exchange.close();
        });
        final Future<ApiClient.Answer> following = threads.submit(() -> follower("4", Duration.ofSeconds(10), Duration.ofMillis(700)).follow());
        await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 4);
        assertEquals(List.of("5", "6", "10", "12"), events, "each event once, and the one cut off mid-way not at all");
        assertEquals(List.of("4", "6", "10"), lastEventIds, "every reconnect resumes after the last event handed on");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("no longer holds") && w.contains("7 to 9")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("ended (the node closed it)")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("not even a heartbeat")), warnings.toString());

        threads.shutdownNow();
        assertNull(following.get(10, TimeUnit.SECONDS), "an interrupt ends following quietly");
    }

    @Test
    void aRefusalEndsItAtOnce() throws Exception
    {
        server.createContext("/api/v1/events", exchange -> {
            final byte[] problem = "{\"title\":\"Unauthorized\",\"detail\":\"bad token\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        final ApiClient.Answer refused = follower(null, Duration.ofSeconds(10), Duration.ofSeconds(10)).follow();
        assertEquals(401, refused.status());
        assertTrue(refused.body().contains("bad token"), refused.body());
    }

    @Test
    void givesUpWhenNoNodeAnswersForTheTimeAllowed() throws Exception
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final ApiClient api = new ApiClient("http://127.0.0.1:" + closedPort, "secret", null);
        final EventFollower follower = new EventFollower(api, "/api/v1/events", "3", Duration.ofSeconds(1), Duration.ofSeconds(10),
            new EventFollower.Sink()
            {
                @Override
                public void event(final JsonNode event)
                {
                    events.add(event.toString());
                }

                @Override
                public void warning(final String text)
                {
                    warnings.add(text);
                }
            });
        final ApiClient.UnreachableException ex = assertThrows(ApiClient.UnreachableException.class, follower::follow);
        assertTrue(ex.getMessage().contains("cannot reach a node at") && ex.getMessage().contains("gave up after 1 s"), ex.getMessage());
        assertEquals(1, warnings.size(), "one warning when retrying starts, not one per attempt: " + warnings);
        assertEquals("3", follower.lastEventId());
    }

    private void awaitRelease()
    {
        try
        {
            released.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
