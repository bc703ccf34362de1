package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.scheduler.api.JobState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One DAG's line in the job listing index ({@link GridMaps#JOB_INDEX}): how many of its jobs are in each state, per
 * executor class, and who submitted it. A few dozen bytes against a run record's hundreds per job, so a listing reads
 * these, narrowed by the grid's own indexes on {@link #getTokens()} and {@link #getSubmittedBy()}, and opens only the
 * run records of the page it returns. Written by the journal's entry processor on the DAG's partition whenever the
 * counts change (see {@link JobDeltaProcessor}), so it moves, backs up and expires with the run record.
 */
public final class JobIndexEntry implements IdentifiedDataSerializable
{
    static final int STATES = JobState.values().length;

    private long dagId;
    private String submittedBy;
    private String[] classes;
    /** classes.length x STATES: counts[c * STATES + state]. */
    private int[] counts;
    private transient String[] tokens;

    public JobIndexEntry()
    {
    }

    JobIndexEntry(final long dagId, final String submittedBy, final String[] classes, final int[] counts)
    {
        this.dagId = dagId;
        this.submittedBy = submittedBy == null ? "" : submittedBy;
        this.classes = classes;
        this.counts = counts;
    }

    static String stateToken(final JobState state)
    {
        return state.name();
    }

    static String classToken(final String executorClass)
    {
        return "@" + executorClass;
    }

    public long dagId()
    {
        return dagId;
    }

    /** The principal that submitted the DAG; empty when access control was off. Indexed. */
    public String getSubmittedBy()
    {
        return submittedBy;
    }

    /**
     * Indexed (as {@code tokens[any]}): the name of every state some job is in, and {@code @class} for every class it
     * has jobs of. A filter on state and class together matches both tokens: a DAG with its failed jobs in one class
     * and its running ones in another passes that lookup, and {@link #count} then finds none. Tokens per state and
     * class together would spare that, at another index row per DAG.
     */
    public String[] getTokens()
    {
        if (tokens == null)
        {
            final List<String> all = new ArrayList<>(4);
            final int[] byState = new int[STATES];
            for (int c = 0; c < classes.length; c++)
            {
                boolean any = false;
                for (int s = 0; s < STATES; s++)
                {
                    final int n = counts[c * STATES + s];
                    byState[s] += n;
                    any |= n > 0;
                }
                if (any)
                {
                    all.add(classToken(classes[c]));
                }
            }
            for (int s = 0; s < STATES; s++)
            {
                if (byState[s] > 0)
                {
                    all.add(stateToken(JobState.fromCode(s)));
                }
            }
            tokens = all.toArray(new String[0]);
        }
        return tokens;
    }

    /** Jobs of this DAG in {@code state} (any, when null) and {@code executorClass} (any, when null). */
    public int count(final JobState state, final String executorClass)
    {
        int total = 0;
        for (int c = 0; c < classes.length; c++)
        {
            if (executorClass != null && !executorClass.equals(classes[c]))
            {
                continue;
            }
            for (int s = 0; s < STATES; s++)
            {
                if (state == null || state.ordinal() == s)
                {
                    total += counts[c * STATES + s];
                }
            }
        }
        return total;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof JobIndexEntry entry && entry.dagId == dagId && entry.submittedBy.equals(submittedBy)
            && Arrays.equals(entry.classes, classes) && Arrays.equals(entry.counts, counts);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(dagId) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.JOB_INDEX_ENTRY;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(dagId);
        out.writeString(submittedBy);
        out.writeStringArray(classes);
        out.writeIntArray(counts);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        dagId = in.readLong();
        submittedBy = in.readString();
        classes = in.readStringArray();
        counts = in.readIntArray();
        tokens = null;
    }

    @Override
    public String toString()
    {
        return "JobIndexEntry{dag=" + dagId + ", by=" + submittedBy + ", tokens=" + Arrays.toString(getTokens()) + "}";
    }
}
