package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import io.weft.scheduler.api.JobState;

import java.io.IOException;
import java.util.Map;

/**
 * Turns each index entry a listing's filter matched into {dag id, matching jobs}, on the member that holds it, so a
 * listing moves two numbers per DAG instead of its records, and then opens only the DAGs of the page.
 */
public final class JobIndexCountProjection implements Projection<Map.Entry<Long, JobIndexEntry>, long[]>, IdentifiedDataSerializable
{
    private JobState state;
    private String executorClass;

    public JobIndexCountProjection()
    {
    }

    JobIndexCountProjection(final JobState state, final String executorClass)
    {
        this.state = state;
        this.executorClass = executorClass;
    }

    @Override
    public long[] transform(final Map.Entry<Long, JobIndexEntry> input)
    {
        return new long[] {input.getKey(), input.getValue().count(state, executorClass)};
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.JOB_INDEX_COUNT_PROJECTION;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeByte(state == null ? -1 : state.ordinal());
        out.writeString(executorClass);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        final byte code = in.readByte();
        state = code < 0 ? null : JobState.fromCode(code);
        executorClass = in.readString();
    }
}
