package io.weft.scheduler.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Idempotency of submissions: the latest DAG submitted under each reference key. A key stays while its DAG runs and
 * until {@link FinishedDagLedger} lets the finished DAG go. Rebuilt on takeover from the grid's reference map.
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

    /** Forgets the key of a finished DAG that is gone, unless a newer DAG (ALLOW, REPLACE) holds it now. */
    void forget(final String referenceKey, final long dagId)
    {
        dagsByReference.remove(referenceKey, dagId);
    }

    int size()
    {
        return dagsByReference.size();
    }
}
