package io.weft.fabric.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link RecordStore} in a concurrent map: for tests, and for a control plane that need not survive its node. */
public final class InMemoryRecordStore<T> implements RecordStore<T>
{
    private final ConcurrentMap<String, T> records = new ConcurrentHashMap<>();

    @Override
    public Optional<T> find(final String id)
    {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<T> list()
    {
        return new ArrayList<>(records.values());
    }

    @Override
    public boolean putIfAbsent(final String id, final T value)
    {
        return records.putIfAbsent(id, value) == null;
    }

    @Override
    public void put(final String id, final T value)
    {
        records.put(id, value);
    }

    @Override
    public boolean remove(final String id)
    {
        return records.remove(id) != null;
    }
}
