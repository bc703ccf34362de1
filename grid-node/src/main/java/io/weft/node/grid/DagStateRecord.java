package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.DagState;

import java.io.IOException;

/** The small, often rewritten part of a DAG: its state and times. Kept apart so a state change never rewrites payloads. */
public final class DagStateRecord implements IdentifiedDataSerializable
{
    private DagState state;
    private long submittedAtEpochMs;
    private long finishedAtEpochMs;

    public DagStateRecord()
    {
    }

    public DagStateRecord(final DagState state, final long submittedAtEpochMs, final long finishedAtEpochMs)
    {
        this.state = state;
        this.submittedAtEpochMs = submittedAtEpochMs;
        this.finishedAtEpochMs = finishedAtEpochMs;
    }

    public DagState state()
    {
        return state;
    }

    public long submittedAtEpochMs()
    {
        return submittedAtEpochMs;
    }

    public long finishedAtEpochMs()
    {
        return finishedAtEpochMs;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.DAG_STATE_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeByte(state.ordinal());
        out.writeLong(submittedAtEpochMs);
        out.writeLong(finishedAtEpochMs);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        state = DagState.fromCode(in.readByte());
        submittedAtEpochMs = in.readLong();
        finishedAtEpochMs = in.readLong();
    }
}
