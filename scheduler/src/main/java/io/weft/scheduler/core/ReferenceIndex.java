package io.weft.scheduler.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Idempotency of submissions: the latest DAG submitted under each reference key. Kept after the DAG ends, so a
 * resubmission stays a duplicate; rebuilt on takeover from the grid's reference map.
 */
final class ReferenceIndex
{
    private final Map<String, Long> dagsByReference = new HashMap<>();

    /** The DAG submitted under {@code referenceKey}, or null. */
    Long dagOf(final String referenceKey)
    {
        return dagsByReference.get(referenceKey);
    }

    void record(final String referenceKey, final long dagId)
    {
        dagsByReference.put(referenceKey, dagId);
    }

    /** Restores a key known to the grid, unless this term has already seen a newer submission under it. */
    void restore(final String referenceKey, final long dagId)
    {
        dagsByReference.putIfAbsent(referenceKey, dagId);
    }

    void clear()
    {
        dagsByReference.clear();
    }
}
