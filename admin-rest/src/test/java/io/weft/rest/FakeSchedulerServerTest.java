package io.weft.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared fixture of the HTTP bridge tests that run against a {@link FakeSchedulerApi}: one real
 * {@link RestServer} with default settings on an ephemeral port per test class, a {@link RestTestClient} for it,
 * and the fake reset before every test. A subclass's own {@code @BeforeEach} runs after the reset, so it can seed
 * the fake; it must not be named {@code resetFake}, which would hide the reset.
 *
 * <p>The fields are static so that the server lives as long as the test class; each subclass starts its own in its
 * {@code @BeforeAll}. That relies on test classes running one at a time, as they do in this build.
 */
abstract class FakeSchedulerServerTest
{
    protected static FakeSchedulerApi api;
    protected static RestServer server;
    protected static RestTestClient client;

    @BeforeAll
    static void startServer()
    {
        api = new FakeSchedulerApi();
        server = RestServer.start("127.0.0.1", 0, api);
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
}
