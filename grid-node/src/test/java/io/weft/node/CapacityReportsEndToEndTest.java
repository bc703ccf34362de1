package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node and a real executor process with two classes of different job lengths (short: 4 slots of 25 ms
 * jobs; long: 2 slots of 100 ms jobs), both kept saturated by a backlog: the per-class signals differ as they
 * should, the capacity estimate matches the measured throughput, the 80% alert raises under load and clears after
 * it, and every report format (JSON, hgrm, Prometheus, PNG, the interval log) parses.
 */
class CapacityReportsEndToEndTest
{
    private static final int SHORT_MS = 25;
    private static final int LONG_MS = 100;
    private static final Pattern PROMETHEUS_SAMPLE =
        Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    @Test
    void aPlannerCanReadWhereTheTimeGoesHowFullEachClassIsAndHowManySlotsItNeeds(@TempDir final Path dir) throws Exception
    {
        final Path logDir = dir.resolve("latency-logs");
        final Map<String, String> settings = Map.of(
            "metrics.latency.interval-ms", "250",
            "metrics.latency.log-dir", logDir.toString(),
            "capacity.sample-interval-ms", "100",
            "capacity.alert-after-ms", "500",
            "capacity.alert-clear-after-ms", "500");
        final String base;
        try (LiveNodeHarness harness = new LiveNodeHarness(dir, 10_000, 30_000, settings))
        {
            base = "http://127.0.0.1:" + harness.node().restPort();
            token = harness.adminToken();
            harness.startExecutors("short=4,long=2", 1);
            harness.submit(flatDag("shorts", "short", 640, SHORT_MS));
            harness.submit(flatDag("longs", "long", 70, LONG_MS));

            // 2.5 s into the backlog: a 2 s window lies wholly inside the time both classes were full.
            await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(harness, "short") >= 400);
            final JsonNode capacity = json(get(base + "/api/v1/capacity?window=2s"));
            for (final String executorClass : List.of("short", "long"))
            {
                final JsonNode row = classRow(capacity, executorClass);
                final double estimated = row.get("estimatedJobsPerHour").asDouble();
                final double measured = row.get("measuredJobsPerHour").get("2s").asDouble();
                assertTrue(Math.abs(estimated - measured) <= 0.10 * measured,
                    executorClass + ": estimate " + estimated + " jobs/h should be within 10% of the measured " + measured + " jobs/h");
                assertTrue(row.get("utilisation").get("2s").asDouble() > 0.9, executorClass + " is saturated: " + row);
            }
            assertEquals(4, classRow(capacity, "short").get("slots").get("total").asInt());
            // Over the default 5 minutes (all of this run), 640 jobs arrived in about 3 s: far more than 4 slots drain.
            final JsonNode headroom = classRow(json(get(base + "/api/v1/capacity")), "short").get("headroom");
            assertTrue(headroom.get("slotsToAdd").asInt() > 0, "the arrivals need more slots: " + headroom);

            await().atMost(Duration.ofSeconds(10)).until(() -> alertedClasses(base).contains("short"));

            // The class of longer jobs holds each slot about four times as long.
            final JsonNode shortRuntime = json(get(base + "/api/v1/latency/slot-occupancy?class=short"));
            final JsonNode longRuntime = json(get(base + "/api/v1/latency/slot-occupancy?class=long"));
            final double shortP50 = shortRuntime.get("percentiles").get("50").asDouble();
            final double longP50 = longRuntime.get("percentiles").get("50").asDouble();
            assertTrue(shortP50 >= SHORT_MS && longP50 >= LONG_MS, "a slot is held at least as long as its job sleeps: " + shortP50 + ", " + longP50);
            assertTrue(longP50 > 2.5 * shortP50, "long jobs occupy slots longer: " + longP50 + " vs " + shortP50);
            assertEquals(List.of(harness.node().nodeId()), texts(longRuntime.get("nodes")));
            // Slot wait grows with the backlog in front of a job: both classes have one here.
            assertTrue(json(get(base + "/api/v1/latency/slot-wait?class=long")).get("max").asDouble() > 1_000);

            await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(harness, "short") == 640 && succeeded(harness, "long") == 70);
            await().atMost(Duration.ofSeconds(10)).until(() -> alertedClasses(base).isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> json(get(base + "/api/v1/events?type=capacity.alert.*&after=-1"))
                .get("events").findValuesAsText("type").containsAll(List.of("capacity.alert.raised", "capacity.alert.cleared")));

            // hgrm: HdrHistogram's percentile distribution, with the same count as the JSON answer.
            final JsonNode occupancy = json(get(base + "/api/v1/latency/slot-occupancy?class=long"));
            final String hgrm = get(base + "/api/v1/latency/slot-occupancy?class=long&format=hgrm").body();
            assertTrue(hgrm.contains("Value     Percentile TotalCount 1/(1-Percentile)"), hgrm);
            final Matcher total = Pattern.compile("#\\[Max += +[0-9.]+, Total count += +([0-9]+)]").matcher(hgrm);
            assertTrue(total.find(), hgrm);
            assertEquals(occupancy.get("count").asLong(), Long.parseLong(total.group(1)));
            assertEquals(70, occupancy.get("count").asLong(), "one slot release per job");

            // Prometheus: every sample line parses; slots and the signals carry the class as a label.
            final HttpResponse<String> scrape = get(base + "/metrics");
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), scrape.headers().toString());
            final Map<String, Double> samples = new HashMap<>();
            for (final String line : scrape.body().split("\n"))
            {
                if (line.isEmpty() || line.startsWith("#"))
                {
                    continue;
                }
                final Matcher sample = PROMETHEUS_SAMPLE.matcher(line);
                assertTrue(sample.matches(), "not a Prometheus sample line: " + line);
                samples.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(sample.group(4)));
            }
            assertEquals(4.0, samples.get("weft_class_slots{class=\"short\",state=\"total\"}"), scrape.body());
            assertEquals(2.0, samples.get("weft_class_slots{class=\"long\",state=\"total\"}"));
            assertEquals(70.0, samples.get("weft_latency_seconds_count{class=\"long\",signal=\"slot-occupancy\"}"));
            assertNotNull(samples.get("weft_latency_seconds{class=\"long\",signal=\"slot-occupancy\",quantile=\"0.5\"}"));
            assertNotNull(samples.get("weft_node_latency_seconds_count{signal=\"journal-write\"}"));
            assertNotNull(samples.get("scheduler_jobs_succeeded"));
            // The Grafana dashboard under deploy/ asks only for series this scrape has.
            final String dashboard = Files.readString(
                Path.of(System.getProperty("basedir", ".")).resolve("../deploy/grafana/weft-dashboard.json").normalize());
            final Matcher series = Pattern.compile("\\b((?:weft|scheduler|capacity)_[a-z_]+)\\b").matcher(dashboard);
            int seriesSeen = 0;
            while (series.find())
            {
                seriesSeen++;
                assertTrue(scrape.body().contains("\n" + series.group(1)), "the dashboard asks for " + series.group(1) + ", which no node exports");
            }
            assertTrue(seriesSeen >= 10, "the dashboard's queries were read");

            // Pictures: PNGs of the size the node draws.
            assertPng(base + "/api/v1/latency/slot-occupancy/plot?class=long");
            assertPng(base + "/api/v1/capacity/plot?class=short");

            // Bad questions get problems that say what is wrong.
            assertEquals(404, get(base + "/api/v1/latency/no-such-signal").statusCode());
            assertEquals(400, get(base + "/api/v1/latency/slot-wait?window=yesterday").statusCode());
            assertEquals(400, get(base + "/api/v1/latency/journal-write?class=short").statusCode());
            assertEquals(400, get(base + "/api/v1/latency/slot-wait?colour=red").statusCode());
        }

        // The interval log, read back with HdrHistogram's own reader: both classes, every slot release.
        final Map<String, Long> countsByTag = new HashMap<>();
        try (Stream<Path> logs = Files.list(logDir))
        {
            for (final Path log : logs.toList())
            {
                final HistogramLogReader reader = new HistogramLogReader(log.toFile());
                EncodableHistogram interval;
                while ((interval = reader.nextIntervalHistogram()) != null)
                {
                    countsByTag.merge(interval.getTag(), ((Histogram)interval).getTotalCount(), Long::sum);
                }
            }
        }
        assertEquals(640L, countsByTag.get("slot-occupancy:short"), countsByTag.toString());
        assertEquals(70L, countsByTag.get("slot-occupancy:long"));
        assertTrue(countsByTag.containsKey("journal-write"));
    }

    private static String flatDag(final String name, final String executorClass, final int jobs, final int sleepMs)
    {
        final StringBuilder dag = new StringBuilder("{\"name\":\"" + name + "\",\"jobs\":[");
        for (int i = 0; i < jobs; i++)
        {
            dag.append(i == 0 ? "" : ",").append("{\"id\":\"j").append(i).append("\",\"executorClass\":\"").append(executorClass)
                .append("\",\"payload\":{\"op\":\"sleep\",\"ms\":").append(sleepMs).append("}}");
        }
        return dag.append("]}").toString();
    }

    private static long succeeded(final LiveNodeHarness harness, final String executorClass)
    {
        return harness.node().latencyHistory()
            .query(io.weft.scheduler.api.LatencySignal.SUBMIT_TO_TERMINAL, executorClass, 0).histogram().getTotalCount();
    }

    private List<String> alertedClasses(final String base) throws Exception
    {
        return json(get(base + "/api/v1/capacity")).get("alerts").findValuesAsText("class");
    }

    private static JsonNode classRow(final JsonNode capacity, final String executorClass)
    {
        for (final JsonNode row : capacity.get("classes"))
        {
            if (row.get("class").asText().equals(executorClass))
            {
                return row;
            }
        }
        throw new AssertionError("no class " + executorClass + " in " + capacity);
    }

    private void assertPng(final String url) throws Exception
    {
        final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        final BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertNotNull(image, url + " is not a PNG");
        assertEquals(1000, image.getWidth());
        assertEquals(560, image.getHeight());
    }

    private HttpResponse<String> get(final String url) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(final HttpResponse<String> response) throws Exception
    {
        assertEquals(200, response.statusCode(), response.body());
        return LiveNodeHarness.JSON.readTree(response.body());
    }

    private static List<String> texts(final JsonNode array)
    {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
