package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event stream over real HTTP, from a real node with a real executor process: a client follows a DAG's events
 * to its end, a client that reconnects with Last-Event-ID gets exactly what it missed, one whose position the
 * bounded buffer has overwritten is told so, and a client that stops reading is dropped while the DAGs and the
 * other clients go on.
 */
class EventStreamEndToEndTest
{
    private static final int CAPACITY = 400;

    @TempDir
    static Path dir;
    private static LiveNodeHarness harness;

    @BeforeAll
    static void startNode()
    {
        harness = new LiveNodeHarness(dir, 3_000, 10_000, Map.of(
            "events.capacity", Integer.toString(CAPACITY),
            "events.progress-interval-ms", "100",
            "events.poll-ms", "50",
            "events.heartbeat-ms", "300",
            "events.slow-client-ms", "1000",
            "events.stream-send-buffer-bytes", "4096"));
        harness.startExecutors("ocr=4", 31);
    }

    @AfterAll
    static void stopNode()
    {
        harness.close();
    }

    @Test
    void aClientFollowsADagToItsEndAndResumesWithoutAGap()
    {
        try (SseClient live = SseClient.open(harness.base(), harness.adminToken(), "/api/v1/events", null))
        {
            assertEquals(200, live.status());
            final long dagId = harness.submit("{\"name\":\"followed\",\"jobs\":[" + pages(12, "a") + ","
                + "{\"id\":\"broken\",\"executorClass\":\"ocr\",\"payload\":{\"op\":\"fail\"},\"retry\":{\"maxAttempts\":1}}]}");
            final String dag = Long.toString(dagId);
            final List<SseClient.Event> seen = live.awaitEvent(e -> dag.equals(e.data().path("dagId").asText())
                && e.type().equals("dag.failed"), Duration.ofSeconds(30));
            final List<SseClient.Event> ofDag = seen.stream().filter(e -> dag.equals(e.data().path("dagId").asText())).toList();
            assertEquals("dag.accepted", ofDag.get(0).type(), ofDag.toString());
            assertEquals(13, ofDag.get(0).data().path("payload").path("jobs").asInt());
            assertTrue(ofDag.stream().anyMatch(e -> e.type().equals("dag.running")), ofDag.toString());
            final SseClient.Event failed = ofDag.stream().filter(e -> e.type().equals("job.failed")).findFirst()
                .orElseThrow(() -> new AssertionError("no job.failed in " + ofDag));
            assertEquals("broken", failed.data().path("jobId").asText());
            assertEquals("ERROR", failed.data().path("severity").asText());
            final int succeeded = ofDag.stream().filter(e -> e.type().equals("job.progress"))
                .mapToInt(e -> e.data().path("payload").path("transitions").path("succeeded").asInt()).sum();
            assertEquals(12, succeeded, "every job's success is counted in a progress event before the DAG ends: " + ofDag);
            assertEquals("dag.failed", ofDag.get(ofDag.size() - 1).type());
            assertIncreasing(seen);

            // A second client that saw up to dag.accepted reconnects with its id: it gets the same events after it.
            final String resumeAfter = ofDag.get(0).id();
            try (SseClient resumed = SseClient.open(harness.base(), harness.adminToken(), "/api/v1/events?dagId=" + dag, resumeAfter))
            {
                final List<SseClient.Event> again = resumed.awaitEvent(e -> e.type().equals("dag.failed"), Duration.ofSeconds(10));
                assertEquals(ids(ofDag.subList(1, ofDag.size())), ids(again), "no gap and nothing twice after Last-Event-ID");
            }

            // The same events as a JSON page, and filtered by severity.
            final JsonNode page = LiveNodeHarness.json(harness.get("/api/v1/events?after=-1&limit=1000&dagId=" + dag));
            assertEquals(ids(ofDag), texts(page.path("events"), "id"));
            final JsonNode errors = LiveNodeHarness.json(harness.get("/api/v1/events?dagId=" + dag + "&severity=ERROR"));
            assertEquals(List.of("job.failed", "dag.failed"), texts(errors.path("events"), "type"));
            assertFalse(live.comments().isEmpty(), "an idle stream sends heartbeat comments");
        }
        assertEquals(400, harness.get("/api/v1/events?severity=LOUD").statusCode());
        assertEquals(400, harness.get("/api/v1/events?limit=0").statusCode());
    }

    @Test
    void aClientWhosePositionWasOverwrittenIsToldWhatWasLost()
    {
        final long oldest = LiveNodeHarness.json(harness.get("/api/v1/events?limit=1")).path("newestId").asLong();
        final List<Long> dags = new ArrayList<>();
        for (int i = 0; i < 110; i++)
        {
            dags.add(harness.submit("{\"name\":\"filler-" + i + "\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"ocr\"}]}"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
            LiveNodeHarness.json(harness.get("/api/v1/events?limit=1")).path("newestId").asLong() > oldest + CAPACITY + 10);
        try (SseClient late = SseClient.open(harness.base(), harness.adminToken(), "/api/v1/events", Long.toString(oldest)))
        {
            final SseClient.Event notice = late.awaitEvent(e -> e.type().equals("events.lost"), Duration.ofSeconds(10))
                .get(0);
            assertEquals(oldest + 1, notice.data().path("lostFrom").asLong());
            await().atMost(Duration.ofSeconds(10)).until(() -> late.events().size() > 1);
            assertEquals(notice.data().path("lostTo").asLong() + 1, Long.parseLong(late.events().get(1).id()),
                "the stream goes on from the oldest event the buffer holds");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndNothingElseWaitsForIt() throws Exception
    {
        final long droppedBefore = harness.node().events().dropped();
        try (Socket stalled = new Socket())
        {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", harness.node().restPort()));
            final OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/v1/events?after=-1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + harness.adminToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (SseClient reader = SseClient.open(harness.base(), harness.adminToken(), "/api/v1/events?type=dag.succeeded", null))
            {
                final List<Long> dags = new ArrayList<>();
                for (int i = 0; i < 40; i++)
                {
                    dags.add(harness.submit("{\"name\":\"while-stalled-" + i + "-" + "x".repeat(200) + "\",\"jobs\":[" + pages(3, "p") + "]}"));
                }
                for (final long dagId : dags)
                {
                    await().atMost(Duration.ofSeconds(30)).until(() -> harness.dag(dagId).path("state").asText().equals("SUCCEEDED"));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.node().api().metrics().counters()
                    .getOrDefault("events.slow-clients-dropped", 0L) >= 1);
                reader.awaitEvent(e -> e.data().path("dagId").asText().equals(Long.toString(dags.get(dags.size() - 1))),
                    Duration.ofSeconds(10));
                assertTrue(reader.events().stream().allMatch(e -> e.type().equals("dag.succeeded")));
                assertEquals(dags.size(), reader.events().size(), "the reading client got every DAG's end");
                assertFalse(reader.ended());
            }
            assertEquals(droppedBefore, harness.node().events().dropped(), "no event was lost to the stalled client");
            // The server closed the stalled connection: reading what it holds ends in end-of-stream.
            stalled.setSoTimeout(10_000);
            final InputStream in = stalled.getInputStream();
            final byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0)
            {
                // drain
            }
        }
    }

    private static String pages(final int count, final String prefix)
    {
        final StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            jobs.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(i)
                .append("\",\"executorClass\":\"ocr\",\"payload\":{\"op\":\"sleep\",\"ms\":20}}");
        }
        return jobs.toString();
    }

    private static void assertIncreasing(final List<SseClient.Event> events)
    {
        long last = -1;
        for (final SseClient.Event event : events)
        {
            if (event.id() != null)
            {
                final long id = Long.parseLong(event.id());
                assertTrue(id > last, "ids increase: " + events);
                last = id;
            }
        }
    }

    private static List<String> ids(final List<SseClient.Event> events)
    {
        return events.stream().map(SseClient.Event::id).toList();
    }

    private static List<String> texts(final JsonNode array, final String field)
    {
        final List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }
}
