package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.DuplicatePolicy;
import io.weft.scheduler.api.FailurePolicy;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.RetryPolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
    private String submittedBy;
    private String[] jobIds;
    private String[] executorClasses;
    private int[] priorities;
    private byte[][] payloads;
    private int[][] parents;
    private byte failurePolicy;
    private byte duplicatePolicy;
    /** Per job: max attempts, then the backoff and deadlines below, so a new owner runs it by the same rules. */
    private int[] maxAttempts;
    private long[] initialBackoffMs;
    private double[] backoffMultipliers;
    private long[] maxBackoffMs;
    private double[] jitters;
    private long[] softDeadlineMs;
    private long[] hardDeadlineMs;
    private long[] runTimeoutMs;

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
        record.submittedBy = plan.submittedBy();
        record.jobIds = new String[n];
        record.executorClasses = new String[n];
        record.priorities = new int[n];
        record.payloads = new byte[n][];
        record.parents = new int[n][];
        record.failurePolicy = (byte)plan.failurePolicy().ordinal();
        record.duplicatePolicy = (byte)plan.duplicatePolicy().ordinal();
        for (int i = 0; i < n; i++)
        {
            record.jobIds[i] = plan.jobId(i);
            record.executorClasses[i] = plan.executorClass(i);
            record.priorities[i] = plan.priority(i);
            record.payloads[i] = plan.payload(i);
            record.parents[i] = plan.parents(i);
        }
        if (allDefaultPolicies(plan))
        {
            return record; // the common case costs the journal no per-job policy arrays
        }
        record.allocatePolicies(n);
        for (int i = 0; i < n; i++)
        {
            final RetryPolicy retry = plan.retry(i);
            record.maxAttempts[i] = retry.maxAttempts();
            record.initialBackoffMs[i] = retry.initialBackoffMs();
            record.backoffMultipliers[i] = retry.multiplier();
            record.maxBackoffMs[i] = retry.maxBackoffMs();
            record.jitters[i] = retry.jitter();
            record.softDeadlineMs[i] = plan.softDeadlineMs(i);
            record.hardDeadlineMs[i] = plan.hardDeadlineMs(i);
            record.runTimeoutMs[i] = plan.runTimeoutMs(i);
        }
        return record;
    }

    private static boolean allDefaultPolicies(final DagPlan plan)
    {
        for (int i = 0, n = plan.jobCount(); i < n; i++)
        {
            if (!RetryPolicy.DEFAULT.equals(plan.retry(i)) || plan.softDeadlineMs(i) != 0 || plan.hardDeadlineMs(i) != 0
                || plan.runTimeoutMs(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private void allocatePolicies(final int n)
    {
        maxAttempts = new int[n];
        initialBackoffMs = new long[n];
        backoffMultipliers = new double[n];
        maxBackoffMs = new long[n];
        jitters = new double[n];
        softDeadlineMs = new long[n];
        hardDeadlineMs = new long[n];
        runTimeoutMs = new long[n];
    }

    /**
     * The plan this DAG was accepted with, for a new owner. It goes through the validator again, which the DAG
     * passed when it was submitted, so the rebuilt plan's indexes match the run record's.
     */
    public DagPlan toPlan(final DagValidator validator)
    {
        final int n = jobIds.length;
        final List<JobSpec> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            final List<String> dependsOn = new ArrayList<>(parents[i].length);
            for (final int parent : parents[i])
            {
                dependsOn.add(jobIds[parent]);
            }
            jobs.add(maxAttempts == null
                ? new JobSpec(jobIds[i], executorClasses[i], priorities[i], payloads[i], dependsOn, RetryPolicy.DEFAULT, 0, 0, 0)
                : new JobSpec(jobIds[i], executorClasses[i], priorities[i], payloads[i], dependsOn,
                    new RetryPolicy(maxAttempts[i], initialBackoffMs[i], backoffMultipliers[i], maxBackoffMs[i], jitters[i]),
                    softDeadlineMs[i], hardDeadlineMs[i], runTimeoutMs[i]));
        }
        return validator.validate(new DagSpec(name, jobs, FailurePolicy.values()[failurePolicy], referenceKey,
            DuplicatePolicy.values()[duplicatePolicy])).submittedBy(submittedBy);
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
    /** The principal that submitted the DAG; null when none was known. */
    public String submittedBy()
    {
        return submittedBy;
    }

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
        out.writeString(submittedBy);
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
        out.writeByte(failurePolicy);
        out.writeByte(duplicatePolicy);
        out.writeBoolean(maxAttempts != null);
        if (maxAttempts == null)
        {
            return;
        }
        out.writeIntArray(maxAttempts);
        out.writeLongArray(initialBackoffMs);
        out.writeDoubleArray(backoffMultipliers);
        out.writeLongArray(maxBackoffMs);
        out.writeDoubleArray(jitters);
        out.writeLongArray(softDeadlineMs);
        out.writeLongArray(hardDeadlineMs);
        out.writeLongArray(runTimeoutMs);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        dagId = in.readLong();
        submittedAtEpochMs = in.readLong();
        name = in.readString();
        referenceKey = in.readString();
        submittedBy = in.readString();
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
        failurePolicy = in.readByte();
        duplicatePolicy = in.readByte();
        if (!in.readBoolean())
        {
            return; // every job on the default retry policy, with no deadline and no run timeout
        }
        maxAttempts = in.readIntArray();
        initialBackoffMs = in.readLongArray();
        backoffMultipliers = in.readDoubleArray();
        maxBackoffMs = in.readLongArray();
        jitters = in.readDoubleArray();
        softDeadlineMs = in.readLongArray();
        hardDeadlineMs = in.readLongArray();
        runTimeoutMs = in.readLongArray();
    }
}
