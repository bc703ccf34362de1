package io.weft.node.fabric;

import com.hazelcast.map.IMap;
import io.weft.fabric.store.RecordCodec;
import io.weft.fabric.store.RecordStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RecordStore} on a grid map of JSON text. The Runtime Fabric's records are few and small and change at
 * the pace of an admin, so text costs nothing that matters, and it keeps Weft classes out of the grid: no
 * serializer to register, and members of different versions can read each other's records. Calls block.
 */
public final class GridRecordStore<T> implements RecordStore<T>
{
    private final IMap<String, String> map;
    private final RecordCodec<T> codec;

    public GridRecordStore(final IMap<String, String> map, final Class<T> type)
    {
        this.map = map;
        this.codec = new RecordCodec<>(type);
    }

    @Override
    public Optional<T> find(final String id)
    {
        final String json = map.get(id);
        return json == null ? Optional.empty() : Optional.of(codec.decode(json));
    }

    @Override
    public List<T> list()
    {
        final List<T> records = new ArrayList<>();
        for (final String json : map.values())
        {
            records.add(codec.decode(json));
        }
        return records;
    }

    @Override
    public boolean putIfAbsent(final String id, final T value)
    {
        return map.putIfAbsent(id, codec.encode(value)) == null;
    }

    @Override
    public void put(final String id, final T value)
    {
        map.set(id, codec.encode(value));
    }

    @Override
    public boolean remove(final String id)
    {
        return map.remove(id) != null;
    }
}
