package io.weft.rest.events;

/**
 * One event of the cluster's event stream. {@code id} is its position in the grid's event buffer: ids only grow,
 * so a client resumes after the last one it saw. The fields a filter selects on are columns; everything else about
 * the event is in {@code payloadJson}, a small JSON object. Null fields do not apply to the event.
 */
public record EventItem(
    long id,
    long atEpochMs,
    String type,
    EventSeverity severity,
    String dagId,
    String jobId,
    String deployment,
    String gateway,
    String group,
    String node,
    String payloadJson)
{
}
