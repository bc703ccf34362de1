package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * Removes entries in bulk: IMap has no removeAll(keys), and executeOnKeys sends one operation per partition
 * instead of one per key. A named class, not a lambda, so every member can run it.
 */
public final class RemoveEntryProcessor<K, V> implements EntryProcessor<K, V, Boolean>, IdentifiedDataSerializable
{
    @Override
    public Boolean process(final Map.Entry<K, V> entry)
    {
        final boolean present = entry.getValue() != null;
        entry.setValue(null);
        return present;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.REMOVE_ENTRY_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out)
    {
    }

    @Override
    public void readData(final ObjectDataInput in)
    {
    }
}
