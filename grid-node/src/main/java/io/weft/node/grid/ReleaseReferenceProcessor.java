package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Deletes reference keys of finished DAGs that are gone, each only while it still names that DAG: a newer DAG
 * submitted under the same key (ALLOW, REPLACE) keeps it.
 */
public final class ReleaseReferenceProcessor implements EntryProcessor<String, Long, Void>, IdentifiedDataSerializable
{
    private Map<String, Long> dagByKey;

    public ReleaseReferenceProcessor()
    {
    }

    ReleaseReferenceProcessor(final Map<String, Long> dagByKey)
    {
        this.dagByKey = dagByKey;
    }

    @Override
    public Void process(final Map.Entry<String, Long> entry)
    {
        final Long current = entry.getValue();
        if (current != null && current.equals(dagByKey.get(entry.getKey())))
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
        return GridSerializerFactory.RELEASE_REFERENCE_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeInt(dagByKey.size());
        for (final Map.Entry<String, Long> entry : dagByKey.entrySet())
        {
            out.writeString(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        final int size = in.readInt();
        dagByKey = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++)
        {
            dagByKey.put(in.readString(), in.readLong());
        }
    }
}
