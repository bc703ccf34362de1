package io.weft.rest;

import java.util.NoSuchElementException;

/**
 * What capacity planners read: latency signals, capacity and the Prometheus scrape. The node implements it; the
 * REST bridge only parses, offloads and encodes. Every method may block (a cluster fan-out, a plot), so the bridge
 * calls them off the event loop.
 *
 * <p>Arguments arrive as sent. {@code executorClass} null means every class together; {@code window} null means
 * since the node started. An invalid argument throws {@link InvalidReportQueryException} (400 {@code invalid-query},
 * its message the detail) and an unknown signal or class {@link NoSuchElementException} (404).
 */
public interface ReportsApi
{
    /** {@code GET /api/v1/latency}: the signals, the classes seen, the interval and history kept. */
    Object latencyCatalog();

    /** {@code GET /api/v1/latency/{signal}}: percentiles, merged over every node that answered. */
    Object latency(String signal, String executorClass, String window);

    /** The same as HdrHistogram's percentile distribution text, in milliseconds. */
    String latencyHgrm(String signal, String executorClass, String window);

    /** {@code GET /api/v1/latency/{signal}/plot}: the percentile distribution as a PNG. */
    byte[] latencyPlot(String signal, String executorClass, String window);

    /** This node's histogram alone, for the node that merges a cluster answer. */
    Object latencyOfThisNode(String signal, String executorClass, String window);

    /**
     * {@code GET /api/v1/capacity}: slots, utilisation, runtime, throughput, headroom and alerts per class;
     * {@code window}, when given, adds that window to the standard ones and is the one runtime and headroom use.
     */
    Object capacity(String window);

    /** {@code GET /api/v1/capacity/plot}: one class's utilisation over time as a PNG. */
    byte[] capacityPlot(String executorClass);

    /** {@code GET /metrics}: every metric of this node in the Prometheus text format. */
    String prometheus();

    /** The content type of {@link #prometheus()}. */
    String prometheusContentType();
}
