package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * Deletes the entries it runs on: with {@code executeOnKeys}, one operation per partition for a whole set of keys,
 * where a delete per key costs an operation each.
 */
public final class DeleteProcessor<K, V> implements EntryProcessor<K, V, Void>, IdentifiedDataSerializable
{
    @Override
    public Void process(final Map.Entry<K, V> entry)
    {
        if (entry.getValue() != null)
        {
            entry.setValue(null);
        }
        return null;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.DELETE_PROCESSOR;
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
