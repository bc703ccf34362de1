package io.weft.fabric.store;

import java.util.List;
import java.util.Optional;

/**
 * A port: records of one kind by string id. The node implements it on a grid map; tests use
 * {@link InMemoryRecordStore}. Calls may block on the network, so callers keep them off event loops.
 *
 * @param <T> the record type (immutable)
 */
public interface RecordStore<T>
{
    Optional<T> find(String id);

    /** Every record, in no particular order. The control plane's data is small (groups, gateways, templates). */
    List<T> list();

    /** Stores the record unless the id is taken; true when it was stored. */
    boolean putIfAbsent(String id, T value);

    void put(String id, T value);

    /** True when a record was removed. */
    boolean remove(String id);
}
