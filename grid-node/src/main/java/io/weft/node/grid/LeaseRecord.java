package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * A job's current lease: who may run which attempt, under which fencing token. Written before the dispatch
 * leaves the node and removed when the attempt ends.
 */
public final class LeaseRecord implements IdentifiedDataSerializable
{
    private int attempt;
    private long fencingToken;
    private long executorInstanceId;
    private String ownerNode;
    private long issuedAtEpochMs;

    public LeaseRecord()
    {
    }

    public LeaseRecord(final int attempt, final long fencingToken, final long executorInstanceId, final String ownerNode, final long issuedAtEpochMs)
    {
        this.attempt = attempt;
        this.fencingToken = fencingToken;
        this.executorInstanceId = executorInstanceId;
        this.ownerNode = ownerNode;
        this.issuedAtEpochMs = issuedAtEpochMs;
    }

    public int attempt()
    {
        return attempt;
    }

    public long fencingToken()
    {
        return fencingToken;
    }

    public long executorInstanceId()
    {
        return executorInstanceId;
    }

    public String ownerNode()
    {
        return ownerNode;
    }

    public long issuedAtEpochMs()
    {
        return issuedAtEpochMs;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.LEASE_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeInt(attempt);
        out.writeLong(fencingToken);
        out.writeLong(executorInstanceId);
        out.writeString(ownerNode);
        out.writeLong(issuedAtEpochMs);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        attempt = in.readInt();
        fencingToken = in.readLong();
        executorInstanceId = in.readLong();
        ownerNode = in.readString();
        issuedAtEpochMs = in.readLong();
    }
}
