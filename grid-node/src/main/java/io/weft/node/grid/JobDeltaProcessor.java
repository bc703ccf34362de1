package io.weft.node.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything one ring batch changed in one DAG, applied to its {@link DagRunRecord} on the partition that owns it.
 * Creates the record when the DAG is new. Fenced twice: the whole delta is refused ({@link #FENCED}) when the record
 * was claimed by a newer owner epoch, and a job change that carries an older token than the record holds is
 * refused and counted in the result, so an old owner can never overwrite a newer lease. Applying the same delta
 * twice (Hazelcast may re-run an operation when a member leaves) changes nothing more. A named
 * class, not a lambda, so that every member can run it and its backups.
 */
public final class JobDeltaProcessor
    implements EntryProcessor<Long, DagRunRecord, Integer>, IdentifiedDataSerializable, HazelcastInstanceAware, Cloneable
{
    private static final byte NO_DAG_STATE = -1;
    /** The result when a newer owner epoch holds the DAG: nothing of the delta was applied. */
    public static final int FENCED = -1;

    private long ownerEpoch;
    private String ownerNode;
    private boolean cancelled;
    private boolean create;
    private int jobCount;
    private long submittedAtEpochMs;
    private byte dagState = NO_DAG_STATE;
    private long dagFinishedAtEpochMs;
    /** When the delta ends the DAG: how long its run record is kept (0: for ever). */
    private long retentionMs;
    /** For a new DAG, what the listing index needs: see {@link DagRunRecord#catalog}. */
    private String submittedBy;
    private String[] classes;
    private short[] jobClasses;
    /** Set on the copy Hazelcast applies to backups: only the primary's member files the DAG in its listing index. */
    private boolean backup;
    private transient HazelcastInstance hazelcast;

    private int size;
    private int[] indexes = new int[8];
    private byte[] states = new byte[8];
    private int[] attempts = new int[8];
    private long[] tokens = new long[8];
    private long[] executorIds = new long[8];
    private long[] readyAt = new long[8];
    private long[] dispatchedAt = new long[8];
    private long[] startedAt = new long[8];
    private long[] finishedAt = new long[8];
    private String[] errors;
    private byte[][] results;

    public JobDeltaProcessor()
    {
    }

    JobDeltaProcessor(final long ownerEpoch)
    {
        this(ownerEpoch, null);
    }

    JobDeltaProcessor(final long ownerEpoch, final String ownerNode)
    {
        this.ownerEpoch = ownerEpoch;
        this.ownerNode = ownerNode;
    }

    /** Creates the DAG's run record, with its classes and submitter for the listing index. */
    void create(final DagPlan plan, final long submittedAtEpochMs)
    {
        final int n = plan.jobCount();
        final List<String> names = new ArrayList<>(2);
        short[] perJob = null;
        for (int i = 0; i < n; i++)
        {
            final String executorClass = plan.executorClass(i);
            int c = names.size() - 1;
            while (c >= 0 && !names.get(c).equals(executorClass))
            {
                c--;
            }
            if (c < 0)
            {
                names.add(executorClass);
                c = names.size() - 1;
            }
            if (c > 0 && perJob == null)
            {
                perJob = new short[n]; // the jobs before this one were all of the first class: zeros
            }
            if (perJob != null)
            {
                perJob[i] = (short)c;
            }
        }
        create(n, submittedAtEpochMs, plan.submittedBy(), names.toArray(new String[0]), perJob);
    }

    void create(final int jobCount, final long submittedAtEpochMs, final String submittedBy, final String[] classes, final short[] jobClasses)
    {
        this.create = true;
        this.jobCount = jobCount;
        this.submittedAtEpochMs = submittedAtEpochMs;
        this.submittedBy = submittedBy;
        this.classes = classes;
        this.jobClasses = jobClasses;
    }

    @Override
    public void setHazelcastInstance(final HazelcastInstance hazelcast)
    {
        this.hazelcast = hazelcast;
    }

    @Override
    public EntryProcessor<Long, DagRunRecord, Integer> getBackupProcessor()
    {
        try
        {
            final JobDeltaProcessor copy = (JobDeltaProcessor)clone();
            copy.backup = true;
            return copy;
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    void dagState(final DagState state, final long finishedAtEpochMs, final boolean cancelled, final long retentionMs)
    {
        this.dagState = (byte)state.ordinal();
        this.dagFinishedAtEpochMs = finishedAtEpochMs;
        this.cancelled = cancelled;
        this.retentionMs = state.isTerminal() ? retentionMs : 0;
    }

    void addJob(
        final int index,
        final byte state,
        final int attempt,
        final long token,
        final long executorId,
        final long ready,
        final long dispatched,
        final long started,
        final long finished,
        final String error,
        final byte[] result)
    {
        if (size == indexes.length)
        {
            final int capacity = size * 2;
            indexes = Arrays.copyOf(indexes, capacity);
            states = Arrays.copyOf(states, capacity);
            attempts = Arrays.copyOf(attempts, capacity);
            tokens = Arrays.copyOf(tokens, capacity);
            executorIds = Arrays.copyOf(executorIds, capacity);
            readyAt = Arrays.copyOf(readyAt, capacity);
            dispatchedAt = Arrays.copyOf(dispatchedAt, capacity);
            startedAt = Arrays.copyOf(startedAt, capacity);
            finishedAt = Arrays.copyOf(finishedAt, capacity);
            if (errors != null)
            {
                errors = Arrays.copyOf(errors, capacity);
            }
            if (results != null)
            {
                results = Arrays.copyOf(results, capacity);
            }
        }
        if (error != null && errors == null)
        {
            errors = new String[indexes.length];
        }
        if (result != null && results == null)
        {
            results = new byte[indexes.length][];
        }
        indexes[size] = index;
        states[size] = state;
        attempts[size] = attempt;
        tokens[size] = token;
        executorIds[size] = executorId;
        readyAt[size] = ready;
        dispatchedAt[size] = dispatched;
        startedAt[size] = started;
        finishedAt[size] = finished;
        if (errors != null)
        {
            errors[size] = error;
        }
        if (results != null)
        {
            results[size] = result;
        }
        size++;
    }

    @Override
    public Integer process(final Map.Entry<Long, DagRunRecord> entry)
    {
        DagRunRecord record = entry.getValue();
        if (record == null)
        {
            if (!create)
            {
                return size; // the DAG is unknown here: refuse every change rather than invent a record
            }
            record = new DagRunRecord(entry.getKey(), jobCount, submittedAtEpochMs);
            record.catalog(submittedBy, classes, jobClasses);
        }
        if (record.ownerEpoch() > ownerEpoch)
        {
            return FENCED; // a newer owner has claimed this DAG: this writer is a zombie
        }
        record.owner(ownerEpoch, ownerNode);
        int refused = 0;
        for (int i = 0; i < size; i++)
        {
            if (!record.applyJob(indexes[i], states[i], attempts[i], tokens[i], executorIds[i],
                readyAt[i], dispatchedAt[i], startedAt[i], finishedAt[i], errors == null ? null : errors[i],
                results == null ? null : results[i]))
            {
                refused++;
            }
        }
        if (dagState != NO_DAG_STATE)
        {
            record.dagState(DagState.fromCode(dagState), dagFinishedAtEpochMs, cancelled);
        }
        if (retentionMs > 0 && entry instanceof ExtendedMapEntry<Long, DagRunRecord> expiring)
        {
            expiring.setValue(record, retentionMs, TimeUnit.MILLISECONDS); // finished: kept for the retention, then gone
        }
        else
        {
            entry.setValue(record);
        }
        index(record);
        return refused;
    }

    /**
     * Files the DAG's new counts in this member's {@link JobIndex} when they moved. On the partition thread that
     * applied the change, so the index sees a DAG's changes in the order the grid applied them; the backup's copy of
     * this processor leaves it alone (the member holding the backup indexes the record if it is ever promoted).
     */
    private void index(final DagRunRecord record)
    {
        if (backup || hazelcast == null)
        {
            return;
        }
        try
        {
            final JobIndexEntry changed = record.changedIndexEntry();
            if (changed != null)
            {
                JobIndex.of(hazelcast).put(changed);
            }
        }
        catch (final RuntimeException ex)
        {
            final JobIndex index = JobIndex.of(hazelcast);
            if (index != null)
            {
                index.failed(ex); // the run record is what counts: a listing's index is rebuilt, the write goes on
            }
        }
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.JOB_DELTA_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(ownerEpoch);
        out.writeString(ownerNode);
        out.writeBoolean(cancelled);
        out.writeBoolean(create);
        out.writeInt(jobCount);
        out.writeLong(submittedAtEpochMs);
        out.writeByte(dagState);
        out.writeLong(dagFinishedAtEpochMs);
        out.writeLong(retentionMs);
        out.writeBoolean(backup);
        out.writeString(submittedBy);
        out.writeStringArray(classes);
        out.writeShortArray(jobClasses);
        out.writeInt(size);
        for (int i = 0; i < size; i++)
        {
            out.writeInt(indexes[i]);
            out.writeByte(states[i]);
            out.writeInt(attempts[i]);
            out.writeLong(tokens[i]);
            out.writeLong(executorIds[i]);
            out.writeLong(readyAt[i]);
            out.writeLong(dispatchedAt[i]);
            out.writeLong(startedAt[i]);
            out.writeLong(finishedAt[i]);
            out.writeString(errors == null ? null : errors[i]);
            out.writeByteArray(results == null ? null : results[i]);
        }
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        ownerEpoch = in.readLong();
        ownerNode = in.readString();
        cancelled = in.readBoolean();
        create = in.readBoolean();
        jobCount = in.readInt();
        submittedAtEpochMs = in.readLong();
        dagState = in.readByte();
        dagFinishedAtEpochMs = in.readLong();
        retentionMs = in.readLong();
        backup = in.readBoolean();
        submittedBy = in.readString();
        classes = in.readStringArray();
        jobClasses = in.readShortArray();
        size = in.readInt();
        final int capacity = Math.max(size, 1);
        indexes = new int[capacity];
        states = new byte[capacity];
        attempts = new int[capacity];
        tokens = new long[capacity];
        executorIds = new long[capacity];
        readyAt = new long[capacity];
        dispatchedAt = new long[capacity];
        startedAt = new long[capacity];
        finishedAt = new long[capacity];
        errors = null;
        results = null;
        for (int i = 0; i < size; i++)
        {
            indexes[i] = in.readInt();
            states[i] = in.readByte();
            attempts[i] = in.readInt();
            tokens[i] = in.readLong();
            executorIds[i] = in.readLong();
            readyAt[i] = in.readLong();
            dispatchedAt[i] = in.readLong();
            startedAt[i] = in.readLong();
            finishedAt[i] = in.readLong();
            final String error = in.readString();
            if (error != null)
            {
                if (errors == null)
                {
                    errors = new String[capacity];
                }
                errors[i] = error;
            }
            final byte[] result = in.readByteArray();
            if (result != null)
            {
                if (results == null)
                {
                    results = new byte[capacity][];
                }
                results[i] = result;
            }
        }
    }
}
