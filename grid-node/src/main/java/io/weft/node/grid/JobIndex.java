package io.weft.node.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.weft.scheduler.api.JobState;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One grid member's job listing index: a {@link JobIndexEntry} for each DAG whose run record this member holds as
 * primary, and for each token (a state, {@code @class}, a submitter) the DAGs filed under it. A listing asks every
 * member ({@link JobIndexQuery}) for the DAGs that match and how many of their jobs do, then opens only the page's
 * records.
 *
 * <p>Kept in memory, beside the records rather than in the grid, because writing a grid entry for each change of a
 * DAG's counts cost a quarter of the throughput of 1-job DAGs (see docs/architecture.md, "Decision record: the job
 * listing index"). The journal's entry processor updates it on the partition thread that applies the change, on
 * the primary only ({@link JobDeltaProcessor}); a run record that expires or is deleted leaves it through a local
 * entry listener. The grid moves records between members on its own, so any change of membership or partition
 * ownership marks the index stale, and the next listing rebuilds it from the member's own records
 * ({@link JobIndexRebuildProcessor}) before it answers: a listing right after a member joins or leaves pays for that.
 */
public final class JobIndex implements MigrationListener, MembershipListener, EntryExpiredListener<Long, DagRunRecord>,
    EntryRemovedListener<Long, DagRunRecord>
{
    /** Where each member keeps its index, in the member's user context, for the grid's processors to find. */
    static final String USER_CONTEXT_KEY = "weft.job-index";
    private static final String SUBMITTER = "by:";
    private static final int STRIPES = 16;

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Bumped by every membership or migration change; the index is good for the generation it was rebuilt in. */
    private final AtomicLong generation = new AtomicLong();
    private volatile long rebuiltFor = -1;
    /** The partitions this member held as primary when the index was rebuilt: a listener may miss a promotion. */
    private volatile BitSet ownedWhenRebuilt = new BitSet();
    private final Object rebuildLock = new Object();
    private volatile HazelcastInstance member;

    JobIndex()
    {
        for (int i = 0; i < STRIPES; i++)
        {
            stripes[i] = new Stripe();
        }
    }

    /** The index of the member the caller runs on. */
    static JobIndex of(final HazelcastInstance member)
    {
        return (JobIndex)member.getUserContext().get(USER_CONTEXT_KEY);
    }

    /** Starts following the member's membership, migrations and run records. */
    void attach(final HazelcastInstance member)
    {
        this.member = member;
        member.getCluster().addMembershipListener(this);
        member.getPartitionService().addMigrationListener(this);
        member.getMap(GridMaps.DAG_RUNS).addLocalEntryListener(this);
    }

    void put(final JobIndexEntry entry)
    {
        stripe(entry.dagId()).put(entry);
    }

    void remove(final long dagId)
    {
        stripe(dagId).remove(dagId);
    }

    /**
     * {dag id, matching jobs} pairs, flattened, for the DAGs of this member with a job in {@code state} and
     * {@code executorClass} (either may be null: any) submitted by {@code submittedBy} (null: anyone). Rebuilds the
     * index first when membership or ownership moved since it was last built.
     */
    long[] matches(final GridMaps maps, final JobState state, final String executorClass, final String submittedBy)
    {
        final BitSet owned = owned();
        if (rebuiltFor != generation.get() || !owned.equals(ownedWhenRebuilt))
        {
            rebuild(maps, owned);
        }
        final List<String> tokens = new ArrayList<>(3);
        if (state != null)
        {
            tokens.add(JobIndexEntry.stateToken(state));
        }
        if (executorClass != null)
        {
            tokens.add(JobIndexEntry.classToken(executorClass));
        }
        if (submittedBy != null)
        {
            tokens.add(SUBMITTER + submittedBy);
        }
        final LongPairs pairs = new LongPairs();
        for (final Stripe stripe : stripes)
        {
            stripe.match(tokens, state, executorClass, pairs);
        }
        return pairs.toArray();
    }

    /**
     * Reads every run record this member holds as primary back into the index. Emptied first, then the keys read:
     * a DAG created after the read files itself, one created before is in the keys. The processor runs on each
     * partition's thread, in line with the journal's writes there, so no write can land between a record's read and
     * its entry.
     */
    private void rebuild(final GridMaps maps, final BitSet owned)
    {
        synchronized (rebuildLock)
        {
            final long building = generation.get();
            if (rebuiltFor == building && owned.equals(ownedWhenRebuilt))
            {
                return;
            }
            for (final Stripe stripe : stripes)
            {
                stripe.clear();
            }
            final Set<Long> local = maps.dagRuns.localKeySet();
            if (!local.isEmpty())
            {
                maps.dagRuns.executeOnKeys(local, new JobIndexRebuildProcessor());
            }
            ownedWhenRebuilt = owned;
            rebuiltFor = building;
        }
    }

    private BitSet owned()
    {
        final BitSet owned = new BitSet();
        for (final Partition partition : member.getPartitionService().getPartitions())
        {
            final Member owner = partition.getOwner();
            if (owner != null && owner.localMember())
            {
                owned.set(partition.getPartitionId());
            }
        }
        return owned;
    }

    private void stale()
    {
        generation.incrementAndGet();
    }

    private Stripe stripe(final long dagId)
    {
        return stripes[(int)(dagId ^ (dagId >>> 32)) & (STRIPES - 1)];
    }

    @Override
    public void memberAdded(final MembershipEvent event)
    {
        stale();
    }

    @Override
    public void memberRemoved(final MembershipEvent event)
    {
        stale();
    }

    @Override
    public void migrationStarted(final MigrationState state)
    {
        stale();
    }

    @Override
    public void migrationFinished(final MigrationState state)
    {
        stale();
    }

    @Override
    public void replicaMigrationCompleted(final ReplicaMigrationEvent event)
    {
        stale();
    }

    @Override
    public void replicaMigrationFailed(final ReplicaMigrationEvent event)
    {
        stale();
    }

    @Override
    public void entryExpired(final EntryEvent<Long, DagRunRecord> event)
    {
        remove(event.getKey());
    }

    @Override
    public void entryRemoved(final EntryEvent<Long, DagRunRecord> event)
    {
        remove(event.getKey());
    }

    /** A share of the DAGs, by id, behind one lock: the partition threads that write it rarely meet. */
    private static final class Stripe
    {
        private final Map<Long, JobIndexEntry> entries = new HashMap<>();
        private final Map<String, Set<Long>> byToken = new HashMap<>();

        synchronized void put(final JobIndexEntry entry)
        {
            final JobIndexEntry old = entries.put(entry.dagId(), entry);
            if (old != null)
            {
                if (entry.filedAlike(old))
                {
                    return; // the usual case: counts moved between states the DAG already had jobs in
                }
                unfile(old);
            }
            for (final String token : entry.tokens())
            {
                byToken.computeIfAbsent(token, t -> new HashSet<>()).add(entry.dagId());
            }
            byToken.computeIfAbsent(SUBMITTER + entry.submittedBy(), t -> new HashSet<>()).add(entry.dagId());
        }

        synchronized void remove(final long dagId)
        {
            final JobIndexEntry old = entries.remove(dagId);
            if (old != null)
            {
                unfile(old);
            }
        }

        private void unfile(final JobIndexEntry old)
        {
            for (final String token : old.tokens())
            {
                unfile(token, old.dagId());
            }
            unfile(SUBMITTER + old.submittedBy(), old.dagId());
        }

        private void unfile(final String token, final long dagId)
        {
            final Set<Long> dags = byToken.get(token);
            if (dags != null && dags.remove(dagId) && dags.isEmpty())
            {
                byToken.remove(token);
            }
        }

        synchronized void clear()
        {
            entries.clear();
            byToken.clear();
        }

        synchronized void match(final List<String> tokens, final JobState state, final String executorClass, final LongPairs out)
        {
            Iterable<Long> candidates = entries.keySet();
            int smallest = Integer.MAX_VALUE;
            for (final String token : tokens)
            {
                final Set<Long> dags = byToken.get(token);
                if (dags == null)
                {
                    return;
                }
                if (dags.size() < smallest)
                {
                    smallest = dags.size();
                    candidates = dags;
                }
            }
            for (final Long dagId : candidates)
            {
                final JobIndexEntry entry = entries.get(dagId);
                if (entry != null && filedUnderAll(entry, tokens))
                {
                    final int count = entry.count(state, executorClass);
                    if (count > 0)
                    {
                        out.add(dagId, count);
                    }
                }
            }
        }

        private boolean filedUnderAll(final JobIndexEntry entry, final List<String> tokens)
        {
            for (final String token : tokens)
            {
                final Set<Long> dags = byToken.get(token);
                if (dags == null || !dags.contains(entry.dagId()))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /** A growable flat array of (long, long) pairs. */
    private static final class LongPairs
    {
        private long[] values = new long[32];
        private int size;

        void add(final long first, final long second)
        {
            if (size + 2 > values.length)
            {
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = first;
            values[size++] = second;
        }

        long[] toArray()
        {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
