package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ends the life of a finished DAG's entry in a map other than its run record (its definition, its reference key):
 * with a time to live of the retention of finished work, or at once when the TTL is 0 (the count limit evicted
 * it). A reference entry is left alone when it names another DAG, a newer one submitted under the same key.
 */
public final class RetainProcessor<K, V> implements EntryProcessor<K, V, Void>, IdentifiedDataSerializable
{
    private long ttlMs;
    /** The DAG id the entry must hold to be touched, for reference entries; 0 for entries keyed by the DAG itself. */
    private long expectedDagId;

    public RetainProcessor()
    {
    }

    RetainProcessor(final long ttlMs, final long expectedDagId)
    {
        this.ttlMs = ttlMs;
        this.expectedDagId = expectedDagId;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Void process(final Map.Entry<K, V> entry)
    {
        final V value = entry.getValue();
        if (value == null || (expectedDagId != 0 && !Long.valueOf(expectedDagId).equals(value)))
        {
            return null;
        }
        if (ttlMs == 0)
        {
            entry.setValue(null);
        }
        else
        {
            ((ExtendedMapEntry<K, V>)entry).setValue(value, ttlMs, TimeUnit.MILLISECONDS);
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
        return GridSerializerFactory.RETAIN_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(ttlMs);
        out.writeLong(expectedDagId);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        ttlMs = in.readLong();
        expectedDagId = in.readLong();
    }
}
