package io.weft.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.weft.rest.RestTestClient.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input over real HTTP: identifiers that carry control or format characters, lone surrogates or are far
 * too long; request lines and headers that are not HTTP/1.x as it should be spoken; bodies that never finish. Each
 * is refused with a problem+json that names the problem, nothing reaches the scheduler, and the server keeps
 * answering everyone else.
 */
class HostileInputTest
{
    private static final long READ_TIMEOUT_MS = 400;

    private static FakeSchedulerApi api;
    private static RestServer server;
    private static RestTestClient client;

    @BeforeAll
    static void startServer()
    {
        api = new FakeSchedulerApi();
        server = RestServer.start(new RestServer.Context().host("127.0.0.1").port(0).readTimeoutMs(READ_TIMEOUT_MS), api);
        client = new RestTestClient(server.port());
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
        api.close();
    }

    @BeforeEach
    void reset()
    {
        api.reset();
    }

    /** JSON string contents (escaped as JSON) that no identifier may hold. */
    @ParameterizedTest
    @ValueSource(strings = {
        "a\\u0000b", "a\\u0007b", "line\\r\\nbreak", "tab\\tbed", "evil\\u202Etxt.exe", "zero\\u200Dwidth",
        "lone\\uD800surrogate", "low\\uDC00first", "para\\u2029graph", "non\\uFFFEcharacter"})
    void aJobIdWithAForbiddenCharacterIsRefused(final String jsonText)
    {
        final String body = "{\"name\": \"n\", \"jobs\": [{\"id\": \"" + jsonText + "\", \"executorClass\": \"ocr\"}]}";
        assertProblem(client.postJson("/api/v1/dags", body), 400, "invalid-identifier", "jobs[0].id", "U+");
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void everyKindOfIdentifierFollowsTheSameRule()
    {
        assertProblem(client.postJson("/api/v1/dags",
            "{\"name\": \"n\", \"jobs\": [{\"id\": \"a\", \"executorClass\": \"o\\r\\ncr\"}]}"),
            400, "invalid-identifier", "jobs[0].executorClass", "U+000D");
        assertProblem(client.postJson("/api/v1/dags",
            "{\"name\": \"bad\\u202Ename\", \"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}"),
            400, "invalid-identifier", "name", "U+202E");
        assertProblem(client.postJson("/api/v1/dags",
            "{\"name\": \"n\", \"referenceKey\": \"k\\u0000\", \"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}"),
            400, "invalid-identifier", "referenceKey", "U+0000");
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void aTenKilobyteIdIsRefusedWithItsLengthAndTheLimit()
    {
        final String id = "x".repeat(10 * 1024);
        assertProblem(client.postJson("/api/v1/dags",
            "{\"name\": \"n\", \"jobs\": [{\"id\": \"" + id + "\", \"executorClass\": \"ocr\"}]}"),
            400, "invalid-identifier", "10240", "256");
        assertProblem(client.postJson("/api/v1/dags",
            "{\"name\": \"n\", \"jobs\": [{\"id\": \"a\", \"executorClass\": \"" + id + "\"}]}"),
            400, "invalid-identifier", "executorClass");
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void unicodeThatIsOnlyTextIsAccepted()
    {
        final var response = client.postJson("/api/v1/dags",
            "{\"name\": \"Rechnungen März 📄\", \"jobs\": [{\"id\": \"página-1\", \"executorClass\": \"ocr.日本語\"}]}");
        assertEquals(202, response.statusCode(), response.body());
        assertEquals(1, api.submissions.size());
    }

    @Test
    void aClassPauseWithAControlCharacterInThePathIsRefused()
    {
        assertProblem(client.post("/api/v1/scheduler/classes/o%0D%0Acr/pause", "application/json", ""),
            400, "invalid-id", "U+000D");
        assertTrue(api.controlCallsWithoutThreads().isEmpty(), api.controlCallsWithoutThreads().toString());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAsMalformedJson() throws IOException
    {
        final byte[] head = "{\"name\": \"n\", \"jobs\": [{\"id\": \"".getBytes(StandardCharsets.UTF_8);
        final byte[] tail = "\", \"executorClass\": \"ocr\"}]}".getBytes(StandardCharsets.UTF_8);
        final byte[] body = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte)0xC3; // a lead byte followed by one that cannot continue it
        body[head.length + 1] = (byte)0x28;
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/dags HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n");
            connection.write(body);
            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(400, response.status(), response.body());
            assertTrue(response.body().contains("malformed-json"), response.body());
        }
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void anUnknownHttpVersionIs505AndTheConnectionCloses() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("GET /health HTTP/9.9\r\nHost: test\r\n\r\n");
            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(505, response.status());
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertTrue(response.body().contains("http-version-not-supported") && response.body().contains("HTTP/9.9"), response.body());
            assertTrue(connection.closedByServer());
        }
        client.assertHealthy();
    }

    @Test
    void anHttp11RequestWithoutHostOrWithTwoIsRefused() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("GET /health HTTP/1.1\r\n\r\n");
            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(400, response.status());
            assertTrue(response.body().contains("bad-host"), response.body());
        }
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/scheduler/pause HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 0\r\n\r\n");
            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(400, response.status());
            assertTrue(response.body().contains("bad-host") && response.body().contains("not 2"), response.body());
        }
        assertTrue(api.controlCallsWithoutThreads().isEmpty(), "a refused request changes nothing");
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("GET /health HTTP/1.0\r\n\r\n");
            assertEquals(200, connection.readResponse().status(), "HTTP/1.0 does not need a Host header");
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthRunsIntoTheReadTimeoutWhileOthersAreServed() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/dags HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"name\": ");
            client.assertHealthy(); // another connection is served while this one waits for its body
            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(408, response.status());
            assertTrue(response.body().contains("request-timeout") && response.body().contains(READ_TIMEOUT_MS + " ms"), response.body());
            assertTrue(connection.closedByServer());
        }
        assertTrue(api.submissions.isEmpty());
        client.assertHealthy();
    }

    @Test
    void aTrickledBodyIsCutOffTooThoughBytesKeepComing() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/dags HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n");
            final long deadlineNs = System.nanoTime() + 20 * READ_TIMEOUT_MS * 1_000_000L;
            boolean answered = false;
            while (!answered && System.nanoTime() < deadlineNs)
            {
                connection.write(" "); // a byte at a time, never quiet long enough for the idle timer
                answered = connection.answersWithin(READ_TIMEOUT_MS / 4);
            }
            assertTrue(answered, "the server never cut the trickle off");
            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(408, response.status());
        }
        assertTrue(api.submissions.isEmpty());
    }

    @Test
    void aKeepAliveConnectionThatWasUsedMayIdlePastTheReadTimeout() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals(200, connection.readResponse().status());
            assertFalse(connection.answersWithin(3 * READ_TIMEOUT_MS), "a client's pooled connection is not closed under it");
            connection.write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals(200, connection.readResponse().status());
        }
    }

    @Test
    void aNewConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            assertTrue(connection.closedByServer(), "nothing was asked, so nothing is answered; the connection just ends");
        }
    }
}
