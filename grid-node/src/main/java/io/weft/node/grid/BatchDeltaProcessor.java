package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * All of one ring batch's DAG changes, applied with a single executeOnKeys: Hazelcast then runs one operation per
 * partition touched instead of one per DAG, which is what keeps a batch of many small DAGs cheap. Each key gets
 * its own {@link JobDeltaProcessor}; the result per key is the number of fenced (refused) job changes.
 */
public final class BatchDeltaProcessor
    implements EntryProcessor<Long, DagRunRecord, Integer>, IdentifiedDataSerializable, HazelcastInstanceAware
{
    private Map<Long, JobDeltaProcessor> deltas;
    /** Set on the copy applied to backups, which leave the listing index to the primary's member (see JobDeltaProcessor). */
    private boolean backup;
    private transient HazelcastInstance hazelcast;

    public BatchDeltaProcessor()
    {
    }

    BatchDeltaProcessor(final Map<Long, JobDeltaProcessor> deltas)
    {
        this.deltas = deltas;
    }

    @Override
    public void setHazelcastInstance(final HazelcastInstance hazelcast)
    {
        this.hazelcast = hazelcast;
    }

    @Override
    public EntryProcessor<Long, DagRunRecord, Integer> getBackupProcessor()
    {
        final BatchDeltaProcessor copy = new BatchDeltaProcessor(deltas);
        copy.backup = true;
        return copy;
    }

    @Override
    public Integer process(final Map.Entry<Long, DagRunRecord> entry)
    {
        final JobDeltaProcessor delta = deltas.get(entry.getKey());
        if (delta == null)
        {
            return 0;
        }
        delta.setHazelcastInstance(backup ? null : hazelcast);
        return delta.process(entry);
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.BATCH_DELTA_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeBoolean(backup);
        out.writeInt(deltas.size());
        for (final Map.Entry<Long, JobDeltaProcessor> entry : deltas.entrySet())
        {
            out.writeLong(entry.getKey());
            entry.getValue().writeData(out);
        }
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        backup = in.readBoolean();
        final int size = in.readInt();
        deltas = new HashMap<>((int)(size / 0.75f) + 1);
        for (int i = 0; i < size; i++)
        {
            final long dagId = in.readLong();
            final JobDeltaProcessor delta = new JobDeltaProcessor();
            delta.readData(in);
            deltas.put(dagId, delta);
        }
    }
}
