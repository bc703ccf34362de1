package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.JobState;

import java.io.IOException;

/** A job's latest state as the core last journaled it. No record means the job is still waiting for its parents. */
public final class JobRecord implements IdentifiedDataSerializable
{
    private JobState state;
    private int attempts;
    private long fencingToken;
    private long executorInstanceId;
    private long readyAtEpochMs;
    private long dispatchedAtEpochMs;
    private long startedAtEpochMs;
    private long finishedAtEpochMs;
    private String error;

    public JobRecord()
    {
    }

    public JobRecord(
        final JobState state,
        final int attempts,
        final long fencingToken,
        final long executorInstanceId,
        final long readyAtEpochMs,
        final long dispatchedAtEpochMs,
        final long startedAtEpochMs,
        final long finishedAtEpochMs,
        final String error)
    {
        this.state = state;
        this.attempts = attempts;
        this.fencingToken = fencingToken;
        this.executorInstanceId = executorInstanceId;
        this.readyAtEpochMs = readyAtEpochMs;
        this.dispatchedAtEpochMs = dispatchedAtEpochMs;
        this.startedAtEpochMs = startedAtEpochMs;
        this.finishedAtEpochMs = finishedAtEpochMs;
        this.error = error;
    }

    public JobState state()
    {
        return state;
    }

    public int attempts()
    {
        return attempts;
    }

    public long fencingToken()
    {
        return fencingToken;
    }

    public long executorInstanceId()
    {
        return executorInstanceId;
    }

    public long readyAtEpochMs()
    {
        return readyAtEpochMs;
    }

    public long dispatchedAtEpochMs()
    {
        return dispatchedAtEpochMs;
    }

    public long startedAtEpochMs()
    {
        return startedAtEpochMs;
    }

    public long finishedAtEpochMs()
    {
        return finishedAtEpochMs;
    }

    public String error()
    {
        return error;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.JOB_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeByte(state.ordinal());
        out.writeInt(attempts);
        out.writeLong(fencingToken);
        out.writeLong(executorInstanceId);
        out.writeLong(readyAtEpochMs);
        out.writeLong(dispatchedAtEpochMs);
        out.writeLong(startedAtEpochMs);
        out.writeLong(finishedAtEpochMs);
        out.writeString(error);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        state = JobState.fromCode(in.readByte());
        attempts = in.readInt();
        fencingToken = in.readLong();
        executorInstanceId = in.readLong();
        readyAtEpochMs = in.readLong();
        dispatchedAtEpochMs = in.readLong();
        startedAtEpochMs = in.readLong();
        finishedAtEpochMs = in.readLong();
        error = in.readString();
    }
}
