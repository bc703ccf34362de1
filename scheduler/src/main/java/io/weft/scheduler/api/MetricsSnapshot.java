package io.weft.scheduler.api;

import java.util.Map;

/**
 * What a node reports about itself for people who plan capacity: monotonic counters, current gauges (ring room,
 * slots per class), and latency percentiles per stage of the hot path in microseconds since the node started.
 */
public record MetricsSnapshot(Map<String, Long> counters, Map<String, Long> gauges, Map<String, StageLatency> stages)
{
    /** One stage's latency distribution in microseconds. */
    public record StageLatency(long count, double p50Us, double p90Us, double p99Us, double p999Us, double maxUs, double meanUs)
    {
    }
}
