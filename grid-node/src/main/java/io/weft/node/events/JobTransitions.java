package io.weft.node.events;

import java.util.List;

/**
 * What one durable journal batch changed, copied off the core's thread in one piece: the routine job transitions
 * as (DAG, state) pairs to be counted, and the events that go out one by one (DAG changes, jobs that failed,
 * retried, were skipped, cancelled or expired).
 */
record JobTransitions(long[] dagIds, byte[] states, int count, List<EventRecord> events)
{
}
