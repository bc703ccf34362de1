package io.weft.node.events;

import io.weft.rest.events.EventSeverity;
import io.weft.scheduler.api.JobState;

/** A job change that is an event of its own, as the core's thread hands it over: references only, no JSON yet. */
record JobEvent(long atEpochMs, JobState state, EventSeverity severity, long dagId, String jobId, String executorClass,
    int attempts, String error)
{
    private static final int MAX_ERROR_CHARS = 500;

    EventRecord toRecord(final String nodeId)
    {
        final String shortError = error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "...";
        return new EventRecord(atEpochMs, type(), severity, dagId, jobId, null, null, null, nodeId,
            EventPayload.of("executorClass", executorClass, "attempts", attempts, "error", shortError));
    }

    String type()
    {
        return state == JobState.RETRY_WAIT ? "job.retrying" : "job." + state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
