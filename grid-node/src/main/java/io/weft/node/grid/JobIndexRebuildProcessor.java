package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * Files a run record in the {@link JobIndex} of the member that holds it, on its partition's thread. Changes nothing
 * in the grid.
 */
public final class JobIndexRebuildProcessor
    implements EntryProcessor<Long, DagRunRecord, Void>, ReadOnly, IdentifiedDataSerializable, HazelcastInstanceAware
{
    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(final HazelcastInstance hazelcast)
    {
        this.hazelcast = hazelcast;
    }

    @Override
    public Void process(final Map.Entry<Long, DagRunRecord> entry)
    {
        final DagRunRecord record = entry.getValue();
        final JobIndex index = hazelcast == null ? null : JobIndex.of(hazelcast);
        if (record != null && index != null)
        {
            index.put(record.indexEntry());
        }
        return null;
    }

    @Override
    public EntryProcessor<Long, DagRunRecord, Void> getBackupProcessor()
    {
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
        return GridSerializerFactory.JOB_INDEX_REBUILD_PROCESSOR;
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
