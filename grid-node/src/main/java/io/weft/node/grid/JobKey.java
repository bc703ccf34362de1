package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.PartitionAware;

import java.io.IOException;

/** Grid key of a job (and of its lease). Partitioned by DAG, so a DAG's records live together on its owner. */
public final class JobKey implements IdentifiedDataSerializable, PartitionAware<Long>
{
    private long dagId;
    private int jobIndex;

    public JobKey()
    {
    }

    public JobKey(final long dagId, final int jobIndex)
    {
        this.dagId = dagId;
        this.jobIndex = jobIndex;
    }

    public long dagId()
    {
        return dagId;
    }

    public int jobIndex()
    {
        return jobIndex;
    }

    @Override
    public Long getPartitionKey()
    {
        return dagId;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.JOB_KEY;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(dagId);
        out.writeInt(jobIndex);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        dagId = in.readLong();
        jobIndex = in.readInt();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof JobKey other && other.dagId == dagId && other.jobIndex == jobIndex;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(dagId) * 31 + jobIndex;
    }

    @Override
    public String toString()
    {
        return dagId + "/" + jobIndex;
    }
}
