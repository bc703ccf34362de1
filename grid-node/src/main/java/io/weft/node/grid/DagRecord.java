package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.DagPlan;

import java.io.IOException;

/**
 * The definition of a submitted DAG, written once before the submission is acknowledged: enough to rebuild the
 * DAG's plan after a restart or on a new owner node.
 */
public final class DagRecord implements IdentifiedDataSerializable
{
    private long dagId;
    private long submittedAtEpochMs;
    private String name;
    private String referenceKey;
    private String[] jobIds;
    private String[] executorClasses;
    private int[] priorities;
    private byte[][] payloads;
    private int[][] parents;

    public DagRecord()
    {
    }

    public static DagRecord of(final long dagId, final long submittedAtEpochMs, final DagPlan plan)
    {
        final int n = plan.jobCount();
        final DagRecord record = new DagRecord();
        record.dagId = dagId;
        record.submittedAtEpochMs = submittedAtEpochMs;
        record.name = plan.name();
        record.referenceKey = plan.referenceKey();
        record.jobIds = new String[n];
        record.executorClasses = new String[n];
        record.priorities = new int[n];
        record.payloads = new byte[n][];
        record.parents = new int[n][];
        for (int i = 0; i < n; i++)
        {
            record.jobIds[i] = plan.jobId(i);
            record.executorClasses[i] = plan.executorClass(i);
            record.priorities[i] = plan.priority(i);
            record.payloads[i] = plan.payload(i);
            record.parents[i] = plan.parents(i);
        }
        return record;
    }

    public long dagId()
    {
        return dagId;
    }

    public long submittedAtEpochMs()
    {
        return submittedAtEpochMs;
    }

    public String name()
    {
        return name;
    }

    /** The submitter's reference key, or null. */
    public String referenceKey()
    {
        return referenceKey;
    }

    public int jobCount()
    {
        return jobIds.length;
    }

    public String jobId(final int i)
    {
        return jobIds[i];
    }

    public String executorClass(final int i)
    {
        return executorClasses[i];
    }

    public int priority(final int i)
    {
        return priorities[i];
    }

    public byte[] payload(final int i)
    {
        return payloads[i];
    }

    public int[] parents(final int i)
    {
        return parents[i];
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.DAG_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(dagId);
        out.writeLong(submittedAtEpochMs);
        out.writeString(name);
        out.writeString(referenceKey);
        final int n = jobIds.length;
        out.writeInt(n);
        for (int i = 0; i < n; i++)
        {
            out.writeString(jobIds[i]);
            out.writeString(executorClasses[i]);
            out.writeInt(priorities[i]);
            out.writeByteArray(payloads[i]);
            out.writeIntArray(parents[i]);
        }
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        dagId = in.readLong();
        submittedAtEpochMs = in.readLong();
        name = in.readString();
        referenceKey = in.readString();
        final int n = in.readInt();
        jobIds = new String[n];
        executorClasses = new String[n];
        priorities = new int[n];
        payloads = new byte[n][];
        parents = new int[n][];
        for (int i = 0; i < n; i++)
        {
            jobIds[i] = in.readString();
            executorClasses[i] = in.readString();
            priorities[i] = in.readInt();
            payloads[i] = in.readByteArray();
            parents[i] = in.readIntArray();
        }
    }
}
