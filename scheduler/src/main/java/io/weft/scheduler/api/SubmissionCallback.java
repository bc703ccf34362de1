package io.weft.scheduler.api;

/**
 * Told once whether a submission became durable. Called on the scheduling core's thread, so an implementation
 * must only hand off (for example, write an HTTP response through its channel) and never block.
 */
public interface SubmissionCallback
{
    void onAccepted(long dagId);

    void onFailed(long dagId, String reason);
}
