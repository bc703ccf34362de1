package io.weft.scheduler.api;

/**
 * Told once whether a submission became durable. Called on the scheduling core's thread, so an implementation
 * must only hand off (for example, write an HTTP response through its channel) and never block.
 */
public interface SubmissionCallback
{
    void onAccepted(long dagId);

    void onFailed(long dagId, String reason);

    /**
     * The DAG's reference key was used before and its duplicate policy is REJECT: nothing was stored, and
     * {@code existingDagId} is the DAG that holds the key.
     */
    default void onDuplicate(final long dagId, final long existingDagId)
    {
        onFailed(dagId, "reference key already used by DAG " + existingDagId);
    }
}
