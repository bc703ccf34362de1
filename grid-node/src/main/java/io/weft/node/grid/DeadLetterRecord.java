package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/** A job that failed for good, kept where an operator can find it without scanning every DAG. */
public final class DeadLetterRecord implements IdentifiedDataSerializable
{
    private long dagId;
    private int jobIndex;
    private int attempts;
    private long finishedAtEpochMs;
    private String error;

    public DeadLetterRecord()
    {
    }

    DeadLetterRecord(final long dagId, final int jobIndex, final int attempts, final long finishedAtEpochMs, final String error)
    {
        this.dagId = dagId;
        this.jobIndex = jobIndex;
        this.attempts = attempts;
        this.finishedAtEpochMs = finishedAtEpochMs;
        this.error = error;
    }

    static String key(final long dagId, final int jobIndex)
    {
        return dagId + "/" + jobIndex;
    }

    public long dagId()
    {
        return dagId;
    }

    public int jobIndex()
    {
        return jobIndex;
    }

    public int attempts()
    {
        return attempts;
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
        return GridSerializerFactory.DEAD_LETTER_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(dagId);
        out.writeInt(jobIndex);
        out.writeInt(attempts);
        out.writeLong(finishedAtEpochMs);
        out.writeString(error);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        dagId = in.readLong();
        jobIndex = in.readInt();
        attempts = in.readInt();
        finishedAtEpochMs = in.readLong();
        error = in.readString();
    }
}
