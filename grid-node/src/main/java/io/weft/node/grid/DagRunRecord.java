package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;

import java.io.IOException;

/**
 * A DAG's live state in the grid: the DAG's own state and, per job, its state, attempts, current lease (fencing
 * token and executor), timestamps, error and result, in flat arrays indexed like the DAG definition. One record
 * per DAG means a ring batch that touched a thousand jobs of a DAG costs one grid operation, not a thousand. A job
 * whose state is LEASED or RUNNING holds a lease: its token and executor here are the lease, and
 * {@link JobDeltaProcessor} never lets a token move backwards. The map keeps it in object form so deltas are
 * applied in place.
 */
public final class DagRunRecord implements IdentifiedDataSerializable
{
    private static final JobState[] JOB_STATES = JobState.values();
    /**
     * Set in a job's state byte while someone has asked its running attempt to stop and its executor has not answered:
     * a new owner must finish the cancel rather than run the job on. A bit rather than another array, since it is
     * rare and the state byte has room.
     */
    static final byte CANCEL_REQUESTED = 0x40;
    private static final int STATE_MASK = 0x3f;
    /** The classes of a record made without a catalog: its jobs count under one unnamed class. */
    private static final String[] NO_CLASSES = {""};

    private long dagId;
    private byte dagState;
    private long submittedAtEpochMs;
    private long finishedAtEpochMs;
    private byte[] states;
    private int[] attempts;
    private long[] fencingTokens;
    private long[] executorIds;
    private long[] readyAtEpochMs;
    private long[] dispatchedAtEpochMs;
    private long[] startedAtEpochMs;
    private long[] jobFinishedAtEpochMs;
    private String[] errors;
    /** What succeeded jobs returned, each within the node's result limit; null until a job returns something. */
    private byte[][] results;
    /** The owner epoch that last wrote or claimed this DAG, and its node; a write from an older epoch is refused. */
    private long ownerEpoch;
    private String ownerNode;
    private boolean cancelled;
    /** For the job listing index: who submitted the DAG, its executor classes, and each job's class among them. */
    private String submittedBy;
    private String[] classes;
    /** Per job, its class's place in {@link #classes}; null when the DAG has one class. */
    private short[] jobClasses;
    /**
     * Set when a job's state changed since this record last filed its counts in its member's JobIndex, and on a new
     * or copied record, which its member has not filed yet.
     */
    private transient boolean unfiled = true;
    /**
     * Jobs per class and state as they stand, kept up by {@link #applyJob} so that a batch costs the index its
     * changes rather than a pass over a 1,000-job DAG; null until first asked for on this copy of the record.
     */
    private transient int[] liveCounts;

    public DagRunRecord()
    {
    }

    DagRunRecord(final long dagId, final int jobCount, final long submittedAtEpochMs)
    {
        this.dagId = dagId;
        this.dagState = (byte)DagState.PENDING.ordinal();
        this.submittedAtEpochMs = submittedAtEpochMs;
        allocate(jobCount);
    }

    /** What the listing index needs that the run does not: set once, when the record is created. */
    void catalog(final String submittedBy, final String[] classes, final short[] jobClasses)
    {
        this.submittedBy = submittedBy;
        this.classes = classes;
        this.jobClasses = jobClasses;
    }

    /**
     * The index entry as the record now stands, or null when no job changed state since it last filed one (a batch
     * whose every change was refused, or a replay).
     */
    JobIndexEntry changedIndexEntry()
    {
        return unfiled ? indexEntry() : null;
    }

    /** The index entry as the record now stands. */
    JobIndexEntry indexEntry()
    {
        unfiled = false;
        return new JobIndexEntry(dagId, submittedBy, classes == null ? NO_CLASSES : classes, counts().clone());
    }

    private int[] counts()
    {
        if (liveCounts == null)
        {
            final int[] counts = new int[(classes == null ? 1 : classes.length) * JobIndexEntry.STATES];
            for (int i = 0; i < states.length; i++)
            {
                counts[countSlot(i, states[i])]++;
            }
            liveCounts = counts;
        }
        return liveCounts;
    }

    private int countSlot(final int job, final byte state)
    {
        return (jobClasses == null ? 0 : jobClasses[job]) * JobIndexEntry.STATES + (state & STATE_MASK);
    }

    private void allocate(final int n)
    {
        states = new byte[n];
        attempts = new int[n];
        fencingTokens = new long[n];
        executorIds = new long[n];
        readyAtEpochMs = new long[n];
        dispatchedAtEpochMs = new long[n];
        startedAtEpochMs = new long[n];
        jobFinishedAtEpochMs = new long[n];
    }

    /**
     * Applies one job's change unless it comes from an older lease than the one recorded. Returns false when
     * refused: a stale writer (an old owner node) must not overwrite a newer attempt.
     */
    boolean applyJob(
        final int index,
        final byte state,
        final int attempt,
        final long fencingToken,
        final long executorId,
        final long readyAt,
        final long dispatchedAt,
        final long startedAt,
        final long finishedAt,
        final String error,
        final byte[] result)
    {
        if (fencingToken < fencingTokens[index])
        {
            return false;
        }
        if (liveCounts != null)
        {
            liveCounts[countSlot(index, states[index])]--;
            liveCounts[countSlot(index, state)]++;
        }
        unfiled |= (states[index] & STATE_MASK) != (state & STATE_MASK);
        states[index] = state;
        attempts[index] = attempt;
        fencingTokens[index] = fencingToken;
        executorIds[index] = executorId;
        readyAtEpochMs[index] = readyAt;
        dispatchedAtEpochMs[index] = dispatchedAt;
        startedAtEpochMs[index] = startedAt;
        jobFinishedAtEpochMs[index] = finishedAt;
        if (error != null || errors != null)
        {
            if (errors == null)
            {
                errors = new String[states.length];
            }
            errors[index] = error;
        }
        if (result != null || results != null)
        {
            if (results == null)
            {
                results = new byte[states.length][];
            }
            results[index] = result;
        }
        return true;
    }

    void dagState(final DagState state, final long finishedAt, final boolean cancelled)
    {
        dagState = (byte)state.ordinal();
        finishedAtEpochMs = finishedAt;
        this.cancelled = cancelled;
    }

    public long ownerEpoch()
    {
        return ownerEpoch;
    }

    void owner(final long epoch, final String node)
    {
        ownerEpoch = epoch;
        ownerNode = node;
    }

    /** The node that last wrote or claimed this DAG: with {@link #ownerEpoch()}, who issued its current leases. */
    public String ownerNode()
    {
        return ownerNode;
    }

    public boolean cancelled()
    {
        return cancelled;
    }

    /** The run as a new owner takes it over, with the plan rebuilt from the DAG's definition. */
    public AdoptedDag toAdopted(final DagPlan plan)
    {
        final int n = states.length;
        final JobState[] jobStates = new JobState[n];
        final boolean[] cancelRequested = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            jobStates[i] = JOB_STATES[states[i] & STATE_MASK];
            cancelRequested[i] = (states[i] & CANCEL_REQUESTED) != 0;
        }
        return new AdoptedDag(dagId, plan, submittedAtEpochMs, dagState(), cancelled, jobStates, attempts.clone(),
            fencingTokens.clone(), executorIds.clone(), readyAtEpochMs.clone(), dispatchedAtEpochMs.clone(),
            startedAtEpochMs.clone(), jobFinishedAtEpochMs.clone(), errors == null ? null : errors.clone(), cancelRequested);
    }

    public long dagId()
    {
        return dagId;
    }

    public DagState dagState()
    {
        return DagState.fromCode(dagState);
    }

    public long submittedAtEpochMs()
    {
        return submittedAtEpochMs;
    }

    public long finishedAtEpochMs()
    {
        return finishedAtEpochMs;
    }

    public int jobCount()
    {
        return states.length;
    }

    public JobState jobState(final int i)
    {
        return JOB_STATES[states[i] & STATE_MASK];
    }

    public int attempts(final int i)
    {
        return attempts[i];
    }

    public long fencingToken(final int i)
    {
        return fencingTokens[i];
    }

    public long executorId(final int i)
    {
        return executorIds[i];
    }

    public long readyAtEpochMs(final int i)
    {
        return readyAtEpochMs[i];
    }

    public long dispatchedAtEpochMs(final int i)
    {
        return dispatchedAtEpochMs[i];
    }

    public long startedAtEpochMs(final int i)
    {
        return startedAtEpochMs[i];
    }

    public long finishedAtEpochMs(final int i)
    {
        return jobFinishedAtEpochMs[i];
    }

    public String error(final int i)
    {
        return errors == null ? null : errors[i];
    }

    /** What the job returned when it succeeded, or null; the record's own array, not a copy. */
    public byte[] result(final int i)
    {
        return results == null ? null : results[i];
    }

    /** True when the job holds a lease: the grid's answer to "who may run this attempt". */
    public boolean holdsLease(final int i)
    {
        final JobState state = jobState(i);
        return state == JobState.LEASED || state == JobState.RUNNING;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.DAG_RUN_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(dagId);
        out.writeByte(dagState);
        out.writeLong(submittedAtEpochMs);
        out.writeLong(finishedAtEpochMs);
        out.writeByteArray(states);
        out.writeIntArray(attempts);
        out.writeLongArray(fencingTokens);
        out.writeLongArray(executorIds);
        out.writeLongArray(readyAtEpochMs);
        out.writeLongArray(dispatchedAtEpochMs);
        out.writeLongArray(startedAtEpochMs);
        out.writeLongArray(jobFinishedAtEpochMs);
        out.writeStringArray(errors);
        out.writeBoolean(results != null);
        if (results != null)
        {
            for (final byte[] result : results)
            {
                out.writeByteArray(result);
            }
        }
        out.writeLong(ownerEpoch);
        out.writeString(ownerNode);
        out.writeBoolean(cancelled);
        out.writeString(submittedBy);
        out.writeStringArray(classes);
        out.writeShortArray(jobClasses);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        dagId = in.readLong();
        dagState = in.readByte();
        submittedAtEpochMs = in.readLong();
        finishedAtEpochMs = in.readLong();
        states = in.readByteArray();
        attempts = in.readIntArray();
        fencingTokens = in.readLongArray();
        executorIds = in.readLongArray();
        readyAtEpochMs = in.readLongArray();
        dispatchedAtEpochMs = in.readLongArray();
        startedAtEpochMs = in.readLongArray();
        jobFinishedAtEpochMs = in.readLongArray();
        errors = in.readStringArray();
        results = null;
        if (in.readBoolean())
        {
            results = new byte[states.length][];
            for (int i = 0; i < results.length; i++)
            {
                results[i] = in.readByteArray();
            }
        }
        ownerEpoch = in.readLong();
        ownerNode = in.readString();
        cancelled = in.readBoolean();
        submittedBy = in.readString();
        classes = in.readStringArray();
        jobClasses = in.readShortArray();
        unfiled = true;
        liveCounts = null;
    }
}
