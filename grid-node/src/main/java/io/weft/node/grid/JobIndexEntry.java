package io.weft.node.grid;

import io.weft.scheduler.api.JobState;

import java.util.ArrayList;
import java.util.List;

/**
 * One DAG's line in its member's {@link JobIndex}: who submitted it, its executor classes, and how many of its jobs
 * are in each state per class. Immutable: a change of counts is a new entry.
 */
public final class JobIndexEntry
{
    static final int STATES = JobState.values().length;

    private final long dagId;
    private final String submittedBy;
    private final String[] classes;
    /** classes.length x STATES: counts[c * STATES + state]. */
    private final int[] counts;
    /**
     * Which states and which classes have jobs, as bits: two entries of one DAG with the same signature are filed
     * under the same tokens, so the index need not refile. -1 (never equal) past 54 classes.
     */
    private final long signature;

    JobIndexEntry(final long dagId, final String submittedBy, final String[] classes, final int[] counts)
    {
        this.dagId = dagId;
        this.submittedBy = submittedBy == null ? "" : submittedBy;
        this.classes = classes;
        this.counts = counts;
        this.signature = signature(classes, counts);
    }

    private static long signature(final String[] classes, final int[] counts)
    {
        if (classes.length > 64 - STATES)
        {
            return -1;
        }
        long bits = 0;
        for (int c = 0; c < classes.length; c++)
        {
            for (int s = 0; s < STATES; s++)
            {
                if (counts[c * STATES + s] > 0)
                {
                    bits |= 1L << s | 1L << (STATES + c);
                }
            }
        }
        return bits;
    }

    /** True when {@code other}, an entry of the same DAG, is filed under the same tokens as this one. */
    boolean filedAlike(final JobIndexEntry other)
    {
        return signature != -1 && signature == other.signature && submittedBy.equals(other.submittedBy);
    }

    static String stateToken(final JobState state)
    {
        return state.name();
    }

    static String classToken(final String executorClass)
    {
        return "@" + executorClass;
    }

    static String submitterToken(final String submittedBy)
    {
        return "by:" + submittedBy;
    }

    public long dagId()
    {
        return dagId;
    }

    /**
     * What the index files the DAG under: its submitter ({@code by:name}; empty when access control was off), the name
     * of every state some job is in, and {@code @class} for every class it has jobs of. A filter on state and class together looks up both: a DAG with its failed jobs in one class and
     * its running ones in another passes that lookup, and {@link #count} then finds none. Tokens per state and class
     * together would spare that, at another set entry per DAG. Worked out when asked, rather than kept, since the
     * index holds an entry for every DAG the retention keeps.
     */
    List<String> tokens()
    {
        final List<String> all = new ArrayList<>(4);
        all.add(submitterToken(submittedBy));
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
        return all;
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
    public String toString()
    {
        return "JobIndexEntry{dag=" + dagId + ", by=" + submittedBy + ", tokens=" + tokens() + "}";
    }
}
