package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.scheduler.api.JobListing;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static io.weft.rest.RestTestClient.assertProblem;
import static io.weft.rest.RestTestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job and dead-letter listings over HTTP: the page shape, the query's defaults, and every refused query. */
class JobListingRestTest extends FakeSchedulerServerTest
{
    private static final long AT = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    @Test
    void listsJobsWithTheirDagAndEveryJobFieldFromAReaderThread()
    {
        api.jobPage = new JobPage(41, 20, 2, List.of(
            new JobListing(9_007_199_254_740_993L, "invoices", new JobView(
                "ocr-1", "ocr", 5, JobState.RETRY_WAIT, 1, 77, 12, AT, AT + 1, AT + 2, AT + 3, "executor 77 lost", null)),
            new JobListing(12, "batch", new JobView("ocr-2", "ocr", 0, JobState.SUCCEEDED, 1, 78, 13, AT, 0, 0, 0, null,
                new byte[] {0, 1, (byte)0xFF}))));

        final HttpResponse<String> response = client.get("/api/v1/jobs?state=RETRY_WAIT&class=ocr&offset=20&limit=2");

        assertEquals(200, response.statusCode(), response.body());
        final JsonNode page = json(response);
        assertEquals(41, page.path("total").asLong());
        assertEquals(20, page.path("offset").asInt());
        assertEquals(2, page.path("limit").asInt());
        assertEquals(2, page.path("jobs").size());

        final JsonNode first = page.path("jobs").get(0);
        assertEquals("9007199254740993", first.path("dagId").asText(), "ids are strings so JavaScript keeps every digit");
        assertTrue(first.path("dagId").isTextual());
        assertEquals("invoices", first.path("dagName").asText());
        assertEquals("ocr-1", first.path("id").asText());
        assertEquals("ocr", first.path("executorClass").asText());
        assertEquals(5, first.path("priority").asInt());
        assertEquals("RETRY_WAIT", first.path("state").asText());
        assertEquals(1, first.path("attempts").asInt());
        assertEquals("77", first.path("executorInstanceId").asText());
        assertEquals(12, first.path("fencingToken").asLong());
        assertEquals("2024-05-01T12:00:00Z", first.path("readyAt").asText());
        assertEquals("2024-05-01T12:00:00.003Z", first.path("finishedAt").asText());
        assertEquals("executor 77 lost", first.path("error").asText());

        final JsonNode second = page.path("jobs").get(1);
        assertTrue(second.path("startedAt").isNull());
        assertFalse(second.has("error"));
        assertEquals("AAH/", second.path("result").asText(), "bytes that are not JSON text are base64");
        assertEquals("base64", second.path("resultEncoding").asText());
        assertFalse(first.has("result") || first.has("resultEncoding"));

        assertEquals(List.of("listJobs(RETRY_WAIT,ocr,20,2)"), api.controlCallsWithoutThreads());
        assertTrue(api.controlCalls.get(0).contains("@" + ReadOffloader.THREAD_NAME_PREFIX), api.controlCalls.toString());
    }

    @Test
    void everyQueryParameterIsOptional()
    {
        final HttpResponse<String> response = client.get("/api/v1/jobs");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"total\":0,\"offset\":0,\"limit\":100,\"jobs\":[]}", response.body());
        assertEquals(List.of("listJobs(null,null,0,100)"), api.controlCallsWithoutThreads());
    }

    @Test
    void everyJobStateIsAcceptedAndClassIsDecoded()
    {
        for (final JobState state : JobState.values())
        {
            assertEquals(200, client.get("/api/v1/jobs?state=" + state.name()).statusCode(), state.name());
        }
        assertEquals(200, client.get("/api/v1/jobs?class=gpu%2Focr&limit=1000").statusCode());

        assertEquals("listJobs(null,gpu/ocr,0,1000)", api.controlCallsWithoutThreads().get(JobState.values().length));
    }

    @Test
    void badQueriesAre400InvalidQueryAndNeverReachTheGrid()
    {
        assertProblem(client.get("/api/v1/jobs?state=DONE"), 400, "invalid-query", "'DONE'", "RETRY_WAIT");
        assertProblem(client.get("/api/v1/jobs?state=ready"), 400, "invalid-query", "'ready'");
        assertProblem(client.get("/api/v1/jobs?limit=0"), 400, "invalid-query", "limit", "1 to 1000");
        assertProblem(client.get("/api/v1/jobs?limit=1001"), 400, "invalid-query", "limit");
        assertProblem(client.get("/api/v1/jobs?limit=ten"), 400, "invalid-query", "'ten'");
        assertProblem(client.get("/api/v1/jobs?offset=-1"), 400, "invalid-query", "offset");
        assertProblem(client.get("/api/v1/jobs?offset=99999999999"), 400, "invalid-query", "offset");
        assertProblem(client.get("/api/v1/jobs?class="), 400, "invalid-query", "class");
        assertProblem(client.get("/api/v1/jobs?executorClass=ocr"), 400, "invalid-query", "'executorClass'");
        assertProblem(client.get("/api/v1/jobs?state=READY&state=FAILED"), 400, "invalid-query", "'state'", "2 times");
        assertTrue(api.controlCalls.isEmpty(), api.controlCalls.toString());
    }

    @Test
    void badPercentEscapeInTheQueryIsInvalidQuery() throws Exception
    {
        try (RawHttpConnection connection = new RawHttpConnection(server.port()))
        {
            connection.write("GET /api/v1/jobs?class=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            final RawHttpConnection.Response response = connection.readResponse();

            assertEquals(400, response.status(), response.body());
            assertTrue(response.body().contains("invalid-query") && response.body().contains("percent-encoded"), response.body());
        }
        assertTrue(api.controlCalls.isEmpty(), api.controlCalls.toString());
    }

    @Test
    void deadLettersUseTheSamePageShape()
    {
        api.deadLetterPage = new JobPage(3, 1, 1, List.of(new JobListing(5, "nightly", new JobView(
            "index", "search", 0, JobState.FAILED, 3, 78, 15, AT, AT, AT, AT + 9, "requested failure", null))));

        final HttpResponse<String> response = client.get("/api/v1/dead-letters?offset=1&limit=1");

        assertEquals(200, response.statusCode(), response.body());
        final JsonNode page = json(response);
        assertEquals(3, page.path("total").asLong());
        assertEquals(1, page.path("offset").asInt());
        assertEquals(1, page.path("limit").asInt());
        final JsonNode job = page.path("jobs").get(0);
        assertEquals("5", job.path("dagId").asText());
        assertEquals("nightly", job.path("dagName").asText());
        assertEquals("FAILED", job.path("state").asText());
        assertEquals(3, job.path("attempts").asInt());
        assertEquals("requested failure", job.path("error").asText());
        assertEquals(List.of("deadLetters(1,1)"), api.controlCallsWithoutThreads());
    }

    @Test
    void deadLettersDefaultAndRefuseFilters()
    {
        assertEquals("{\"total\":0,\"offset\":0,\"limit\":100,\"jobs\":[]}", client.get("/api/v1/dead-letters").body());
        assertProblem(client.get("/api/v1/dead-letters?state=FAILED"), 400, "invalid-query", "'state'");
        assertProblem(client.get("/api/v1/dead-letters?limit=2000"), 400, "invalid-query", "limit");
        assertEquals(List.of("deadLetters(0,100)"), api.controlCallsWithoutThreads());
    }

    @Test
    void postOnAListingIs405()
    {
        final HttpResponse<String> response = client.post("/api/v1/jobs", null, "");

        assertProblem(response, 405, "method-not-allowed");
        assertEquals("GET", response.headers().firstValue("Allow").orElse(null));
    }
}
