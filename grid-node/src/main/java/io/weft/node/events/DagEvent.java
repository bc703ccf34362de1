package io.weft.node.events;

import io.weft.rest.events.EventSeverity;

/** A DAG change as the core's thread hands it over: references only; its JSON is written on the publisher's thread. */
record DagEvent(long atEpochMs, String type, EventSeverity severity, long dagId, String name, int jobs, String submittedBy, String state)
{
    EventRecord toRecord(final String nodeId)
    {
        // A state is one of a few fixed words: no JSON writer needed for the commonest events.
        final String payload = state != null ? "{\"state\":\"" + state + "\"}"
            : EventPayload.of("name", name, "jobs", jobs, "submittedBy", submittedBy);
        return new EventRecord(atEpochMs, type, severity, dagId, null, null, null, null, nodeId, payload);
    }

    boolean endsDag()
    {
        return type.equals("dag.succeeded") || type.equals("dag.failed") || type.equals("dag.cancelled");
    }
}
