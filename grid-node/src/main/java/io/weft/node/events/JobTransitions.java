package io.weft.node.events;

import java.util.List;

/**
 * What one durable journal batch changed, handed off the core's thread in one piece: routine job transitions
 * counted per DAG ({@code counts[i * states + state]} for {@code dagIds[i]}, {@code i < runs}; a DAG may appear in
 * more than one run), and the events that go out one by one (DAG changes, jobs that failed, retried, were skipped,
 * cancelled or expired).
 */
record JobTransitions(long[] dagIds, int[] counts, int runs, List<EventRecord> events)
{
}
