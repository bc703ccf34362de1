package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Makes the calling node the scheduler's owner under a new epoch, one higher than any before, if the record still
 * holds the epoch the caller saw (compare and set): of two nodes that both find the owner gone, one wins and the
 * other learns who did. Runs on the partition that holds the owner record and, with the map's synchronous backup,
 * on its backup: a new owner that takes over after a crash reads the highest epoch ever granted. Hazelcast may run
 * an entry processor twice when a member leaves mid-call; a second run of the same claim returns the same epoch.
 * Returns the new epoch, or the current epoch negated when the claim lost.
 */
public final class ClaimOwnershipProcessor implements EntryProcessor<String, OwnerEpochRecord, Long>, IdentifiedDataSerializable
{
    private String nodeId;
    private String memberUuid;
    private long claimId;
    private long expectedEpoch;

    public ClaimOwnershipProcessor()
    {
    }

    public ClaimOwnershipProcessor(final String nodeId, final String memberUuid, final long claimId, final long expectedEpoch)
    {
        this.nodeId = nodeId;
        this.memberUuid = memberUuid;
        this.claimId = claimId;
        this.expectedEpoch = expectedEpoch;
    }

    @Override
    public Long process(final Map.Entry<String, OwnerEpochRecord> entry)
    {
        final OwnerEpochRecord current = entry.getValue();
        if (current != null && memberUuid.equals(current.memberUuid()) && current.claimId() == claimId)
        {
            return current.epoch(); // the same claim, run again
        }
        final long currentEpoch = current == null ? 0 : current.epoch();
        if (currentEpoch != expectedEpoch)
        {
            return -currentEpoch; // someone claimed first
        }
        final long epoch = currentEpoch + 1;
        entry.setValue(new OwnerEpochRecord(epoch, nodeId, memberUuid, claimId));
        return epoch;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.CLAIM_OWNERSHIP_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeString(nodeId);
        out.writeString(memberUuid);
        out.writeLong(claimId);
        out.writeLong(expectedEpoch);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        nodeId = in.readString();
        memberUuid = in.readString();
        claimId = in.readLong();
        expectedEpoch = in.readLong();
    }
}
