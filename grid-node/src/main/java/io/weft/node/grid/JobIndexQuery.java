package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.JobState;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A listing's question to one member's {@link JobIndex}: which of its DAGs match, and with how many jobs each. The
 * answer is {dag id, count} pairs, flattened.
 */
public final class JobIndexQuery implements Callable<long[]>, IdentifiedDataSerializable, HazelcastInstanceAware
{
    private JobState state;
    private String executorClass;
    private String submittedBy;
    private transient HazelcastInstance hazelcast;

    public JobIndexQuery()
    {
    }

    JobIndexQuery(final JobState state, final String executorClass, final String submittedBy)
    {
        this.state = state;
        this.executorClass = executorClass;
        this.submittedBy = submittedBy;
    }

    @Override
    public void setHazelcastInstance(final HazelcastInstance hazelcast)
    {
        this.hazelcast = hazelcast;
    }

    @Override
    public long[] call()
    {
        return JobIndex.of(hazelcast).matches(hazelcast, state, executorClass, submittedBy);
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.JOB_INDEX_QUERY;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeByte(state == null ? -1 : state.ordinal());
        out.writeString(executorClass);
        out.writeString(submittedBy);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        final byte code = in.readByte();
        state = code < 0 ? null : JobState.fromCode(code);
        executorClass = in.readString();
        submittedBy = in.readString();
    }
}
