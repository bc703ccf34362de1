package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Makes the calling node the scheduler's owner under a new epoch, one higher than any before. Runs on the
 * partition that holds the owner record and, with the map's synchronous backup, on its backup: a new owner that
 * takes over after a crash reads the highest epoch ever granted. Hazelcast may run an entry processor twice when
 * a member leaves mid-call; a second run by the same member under the same claim id returns the same epoch.
 */
public final class ClaimOwnershipProcessor implements EntryProcessor<String, OwnerEpochRecord, Long>, IdentifiedDataSerializable
{
    private String nodeId;
    private String memberUuid;
    private long claimId;
    private long nowEpochMs;

    public ClaimOwnershipProcessor()
    {
    }

    public ClaimOwnershipProcessor(final String nodeId, final String memberUuid, final long claimId, final long nowEpochMs)
    {
        this.nodeId = nodeId;
        this.memberUuid = memberUuid;
        this.claimId = claimId;
        this.nowEpochMs = nowEpochMs;
    }

    @Override
    public Long process(final Map.Entry<String, OwnerEpochRecord> entry)
    {
        final OwnerEpochRecord current = entry.getValue();
        if (current != null && memberUuid.equals(current.memberUuid()) && current.sinceEpochMs() == claimId)
        {
            return current.epoch(); // the same claim, run again
        }
        final long epoch = current == null ? 1 : current.epoch() + 1;
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
        out.writeLong(nowEpochMs);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        nodeId = in.readString();
        memberUuid = in.readString();
        claimId = in.readLong();
        nowEpochMs = in.readLong();
    }
}
