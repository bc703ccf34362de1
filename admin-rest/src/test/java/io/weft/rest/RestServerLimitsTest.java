package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.weft.rest.RestTestClient.assertProblem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits and the wire: an over-limit body, a callback that never comes, pipelined requests and bytes that are not
 * HTTP. Uses a server with small limits so the cases are cheap to provoke.
 */
class RestServerLimitsTest
{
    private static final int MAX_BODY_BYTES = 4 * 1024;
    private static final long ACK_TIMEOUT_MS = 300;

    private static FakeSchedulerApi api;
    private static RestServer server;
    private static RestTestClient client;

    @BeforeAll
    static void startServer()
    {
        api = new FakeSchedulerApi();
        server = RestServer.start(
            new RestServer.Context()
                .host("127.0.0.1")
                .port(0)
                .maxRequestBodyBytes(MAX_BODY_BYTES)
                .submitAckTimeoutMs(ACK_TIMEOUT_MS),
            api);
        client = new RestTestClient(server.port());
    }

    @AfterAll
    static void stopServer()
    {
        server.close();
        api.close();
    }

    @BeforeEach
    void resetFake()
    {
        api.reset();
    }

    @Test
    void bodyOverTheRequestLimitIs413ProblemJson()
    {
        final String body = "{\"name\": \"" + "x".repeat(2 * MAX_BODY_BYTES) + "\", \"jobs\": []}";

        assertProblem(
            client.postJson("/api/v1/dags", body), 413, "request-too-large", String.valueOf(MAX_BODY_BYTES));
        assertTrue(api.submissions.isEmpty());
        client.assertHealthy();
    }

    @Test
    void overLimitRequestKeepsAKeepAliveConnectionUsable() throws IOException
    {
        final byte[] body = new byte[MAX_BODY_BYTES + 1];
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/dags HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n" +
                "Content-Length: " + body.length + "\r\n\r\n");
            connection.write(body);
            final RawHttpConnection.Response tooLarge = connection.readResponse();
            assertEquals(413, tooLarge.status());
            assertEquals("application/problem+json", tooLarge.header("Content-Type"));
            assertTrue(tooLarge.body().contains("request-too-large"), tooLarge.body());

            connection.write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
            final RawHttpConnection.Response health = connection.readResponse();
            assertEquals(200, health.status());
            assertTrue(health.body().startsWith("{\"status\":\"UP\","), health.body());
        }
    }

    @Test
    void overLimitExpectContinueIsRefusedBeforeTheBodyIsSent() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/dags HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n" +
                "Expect: 100-continue\r\nContent-Length: " + (MAX_BODY_BYTES + 1) + "\r\n\r\n");
            final RawHttpConnection.Response tooLarge = connection.readResponse();
            assertEquals(413, tooLarge.status());
            assertEquals("application/problem+json", tooLarge.header("Content-Type"));
            assertTrue(tooLarge.body().contains("request-too-large"), tooLarge.body());

            connection.write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals(200, connection.readResponse().status());
        }
    }

    @Test
    void unsupportedExpectationIs417ProblemJson() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("POST /api/v1/dags HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n" +
                "Expect: teapot\r\nContent-Length: 2\r\n\r\n{}");
            final RawHttpConnection.Response refused = connection.readResponse();
            assertEquals(417, refused.status());
            assertEquals("application/problem+json", refused.header("Content-Type"));
            assertTrue(refused.body().contains("expectation-failed") && refused.body().contains("teapot"), refused.body());
        }
        client.assertHealthy();
    }

    @Test
    void missingDurabilityCallbackTimesOutWith504NamingTheDag()
    {
        api.ackMode = FakeSchedulerApi.AckMode.NEVER;

        final HttpResponse<String> response =
            client.postJson("/api/v1/dags", "{\"jobs\": [{\"id\": \"a\", \"executorClass\": \"ocr\"}]}");

        final JsonNode problem = assertProblem(response, 504, "submission-timeout", String.valueOf(ACK_TIMEOUT_MS));
        assertTrue(problem.path("detail").asText().contains("/api/v1/dags/"), problem.toString());
        assertEquals(1, api.submissions.size());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsSlow() throws Exception
    {
        final CountDownLatch gate = new CountDownLatch(1);
        api.findGate = gate;
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write(
                "GET /api/v1/dags/7 HTTP/1.1\r\nHost: test\r\n\r\n" +
                "GET /health HTTP/1.1\r\nHost: test\r\n\r\n" +
                "GET /nowhere HTTP/1.1\r\nHost: test\r\n\r\n");
            await().atMost(10, TimeUnit.SECONDS).until(() -> api.findEntered.getCount() == 0);
            gate.countDown();

            final RawHttpConnection.Response slow = connection.readResponse();
            assertEquals(404, slow.status(), "the slow read answers first");
            assertTrue(slow.body().contains("dag-not-found"), slow.body());
            final RawHttpConnection.Response health = connection.readResponse();
            assertEquals(200, health.status());
            assertTrue(health.body().startsWith("{\"status\":\"UP\","), health.body());
            final RawHttpConnection.Response nowhere = connection.readResponse();
            assertEquals(404, nowhere.status());
            assertTrue(nowhere.body().contains("\"instance\":\"/nowhere\""), nowhere.body());
        }
    }

    @Test
    void bindingATakenPortFailsWithTheAddress()
    {
        final IllegalStateException failure =
            assertThrows(IllegalStateException.class, () -> RestServer.start("127.0.0.1", server.port(), api));

        assertTrue(failure.getMessage().contains(String.valueOf(server.port())), failure.getMessage());
    }

    @Test
    void contextRefusesNonsense()
    {
        assertThrows(IllegalArgumentException.class, () -> new RestServer.Context().port(70_000).conclude());
        assertThrows(IllegalArgumentException.class, () -> new RestServer.Context().ioThreads(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new RestServer.Context().maxRequestBodyBytes(-1).conclude());
        assertThrows(IllegalArgumentException.class, () -> new RestServer.Context().host(" ").conclude());
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws IOException
    {
        final RestServer other = RestServer.start("127.0.0.1", 0, api);
        final int port = other.port();
        new RestTestClient(port).assertHealthy();

        other.close();
        other.close();

        try (ServerSocket rebound = new ServerSocket())
        {
            rebound.setReuseAddress(true);
            rebound.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void garbageRequestLineIs400AndClosesTheConnection() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("THIS IS NOT HTTP\r\n\r\n");

            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(400, response.status());
            assertEquals("application/problem+json", response.header("Content-Type"));
            assertTrue(response.body().contains("https://weft.dev/problems/bad-request"), response.body());
            assertTrue(connection.closedByServer());
        }
        client.assertHealthy();
    }

    @Test
    void badPercentEncodingIs400() throws IOException
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("GET /api/v1/dags/%zz HTTP/1.1\r\nHost: test\r\n\r\n");

            final RawHttpConnection.Response response = connection.readResponse();
            assertEquals(400, response.status());
            assertTrue(response.body().contains("bad-request"), response.body());
        }
        client.assertHealthy();
    }
}
