package io.weft.node.events;

import java.util.List;

/**
 * What one durable journal batch changed, handed off the core's thread in one piece: routine job transitions
 * counted per DAG ({@code counts[i * states + state]} for {@code dagIds[i]}, {@code i < runs}; a DAG may appear in
 * more than one run); the jobs that failed, retried, were skipped, cancelled or expired, as references, to become
 * events on the publisher's thread if the rate allows; and the DAG events, which come after the jobs' events.
 */
record JobTransitions(long[] dagIds, int[] counts, int runs, List<JobEvent> jobEvents, List<DagEvent> events)
{
}
