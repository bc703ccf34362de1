package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * Who owns the scheduler, under which epoch. Kept under one key in {@link GridMaps#OWNER}; only ever replaced by a
 * {@link ClaimOwnershipProcessor} that raises the epoch, so the epoch names exactly one owner node.
 */
public final class OwnerEpochRecord implements IdentifiedDataSerializable
{
    private long epoch;
    private String nodeId;
    private String memberUuid;
    /** Which claim made this record, so that Hazelcast re-running that same claim returns the same epoch. */
    private long claimId;

    public OwnerEpochRecord()
    {
    }

    OwnerEpochRecord(final long epoch, final String nodeId, final String memberUuid, final long claimId)
    {
        this.epoch = epoch;
        this.nodeId = nodeId;
        this.memberUuid = memberUuid;
        this.claimId = claimId;
    }

    public long epoch()
    {
        return epoch;
    }

    public String nodeId()
    {
        return nodeId;
    }

    public String memberUuid()
    {
        return memberUuid;
    }

    public long claimId()
    {
        return claimId;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.OWNER_EPOCH_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(epoch);
        out.writeString(nodeId);
        out.writeString(memberUuid);
        out.writeLong(claimId);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        epoch = in.readLong();
        nodeId = in.readString();
        memberUuid = in.readString();
        claimId = in.readLong();
    }
}
