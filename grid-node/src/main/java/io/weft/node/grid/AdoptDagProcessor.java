package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Claims an unfinished DAG for a new owner epoch and returns its run as it stands. Reading and claiming are one
 * step on the DAG's partition, so whatever an earlier owner wrote before the claim is in the returned record and
 * whatever it tries to write after is refused ({@link JobDeltaProcessor#FENCED}). Returns null for a DAG that is
 * finished or already held by this epoch or a newer one.
 */
public final class AdoptDagProcessor implements EntryProcessor<Long, DagRunRecord, DagRunRecord>, IdentifiedDataSerializable
{
    private long ownerEpoch;
    private String ownerNode;

    public AdoptDagProcessor()
    {
    }

    public AdoptDagProcessor(final long ownerEpoch, final String ownerNode)
    {
        this.ownerEpoch = ownerEpoch;
        this.ownerNode = ownerNode;
    }

    @Override
    public DagRunRecord process(final Map.Entry<Long, DagRunRecord> entry)
    {
        final DagRunRecord record = entry.getValue();
        if (record == null || record.dagState().isTerminal() || record.ownerEpoch() >= ownerEpoch)
        {
            return null;
        }
        record.owner(ownerEpoch, ownerNode);
        entry.setValue(record);
        return record;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.ADOPT_DAG_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(ownerEpoch);
        out.writeString(ownerNode);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        ownerEpoch = in.readLong();
        ownerNode = in.readString();
    }
}
