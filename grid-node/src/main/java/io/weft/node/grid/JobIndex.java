package io.weft.node.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.EntryListenerConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.weft.scheduler.api.JobState;
import org.agrona.collections.LongArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * entry listener. The grid moves records between members on its own, so any change of membership, partition
 * ownership or a merge after a split marks the index stale, and the next listing rebuilds it from the member's own
 * records before it answers: a listing right after a member joins or leaves pays for that. The listeners are given to
 * the member's configuration ({@link #listenTo}), so they hear everything from the member's first moment.
 */
public final class JobIndex implements MigrationListener, MembershipListener, LifecycleListener,
    EntryExpiredListener<Long, DagRunRecord>, EntryRemovedListener<Long, DagRunRecord>
{
    private static final Logger LOG = LoggerFactory.getLogger(JobIndex.class);
    private static final int REBUILD_CHUNK = 10_000;
    /** Where each member keeps its index, in the member's user context, for the grid's processors to find. */
    static final String USER_CONTEXT_KEY = "weft.job-index";
    private static final int STRIPES = 16;

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Bumped by every membership or migration change; the index is good for the generation it was rebuilt in. */
    private final AtomicLong generation = new AtomicLong();
    private volatile long rebuiltFor = -1;
    /** The partitions this member held as primary when the index was rebuilt: a listener may miss a promotion. */
    private volatile BitSet ownedWhenRebuilt = new BitSet();
    private final Object rebuildLock = new Object();

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

    /** Gives the member's configuration this index as its listener for membership, migrations, lifecycle and run records. */
    void listenTo(final Config config)
    {
        config.getUserContext().put(USER_CONTEXT_KEY, this);
        config.addListenerConfig(new ListenerConfig(this));
        // Local: only the records this member holds as primary; no value: the key is all the index needs.
        config.getMapConfig(GridMaps.DAG_RUNS).addEntryListenerConfig(new EntryListenerConfig(this, true, false));
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
    long[] matches(final HazelcastInstance member, final JobState state, final String executorClass, final String submittedBy)
    {
        if (rebuiltFor != generation.get() || !owned(member).equals(ownedWhenRebuilt))
        {
            rebuild(member);
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
            tokens.add(JobIndexEntry.submitterToken(submittedBy));
        }
        final LongArrayList pairs = new LongArrayList();
        for (final Stripe stripe : stripes)
        {
            stripe.match(tokens, state, executorClass, pairs);
        }
        return pairs.toLongArray();
    }

    /**
     * Reads every run record this member holds as primary back into the index, with reads only, so that it works on
     * the minority side of a split too (writes there are refused). Emptied first, then the keys read: a DAG created
     * after the read files itself, one created before is in the keys. A record read here may be older than an entry
     * the journal filed meanwhile, so the read one only fills a gap; a record removed meanwhile is found by reading
     * the keys again at the end, and its read entry taken out. Not marked done when ownership moved while it ran.
     */
    private void rebuild(final HazelcastInstance member)
    {
        synchronized (rebuildLock)
        {
            final long building = generation.get();
            final BitSet owned = owned(member);
            if (rebuiltFor == building && owned.equals(ownedWhenRebuilt))
            {
                return;
            }
            for (final Stripe stripe : stripes)
            {
                stripe.clear();
            }
            final IMap<Long, DagRunRecord> runs = member.getMap(GridMaps.DAG_RUNS);
            final List<Long> keys = new ArrayList<>(runs.localKeySet());
            final List<JobIndexEntry> filled = new ArrayList<>(keys.size());
            for (int from = 0; from < keys.size(); from += REBUILD_CHUNK)
            {
                final Set<Long> chunk = new HashSet<>(keys.subList(from, Math.min(keys.size(), from + REBUILD_CHUNK)));
                for (final DagRunRecord record : runs.getAll(chunk).values())
                {
                    final JobIndexEntry entry = record.indexEntry();
                    if (stripe(entry.dagId()).fill(entry))
                    {
                        filled.add(entry);
                    }
                }
            }
            final Set<Long> still = runs.localKeySet();
            for (final JobIndexEntry entry : filled)
            {
                if (!still.contains(entry.dagId()))
                {
                    stripe(entry.dagId()).removeIfStill(entry);
                }
            }
            if (owned.equals(owned(member)))
            {
                ownedWhenRebuilt = owned;
                rebuiltFor = building;
            }
        }
    }

    private static BitSet owned(final HazelcastInstance member)
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

    /** Something the journal's processor could not file: the index is rebuilt before it is read again. */
    void failed(final RuntimeException ex)
    {
        LOG.warn("the job listing index could not file a change; it is rebuilt at the next listing", ex);
        stale();
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
    public void stateChanged(final LifecycleEvent event)
    {
        if (event.getState() == LifecycleEvent.LifecycleState.MERGED)
        {
            stale(); // records came back from the other side of a split without passing the journal
        }
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
        }

        private void unfile(final String token, final long dagId)
        {
            final Set<Long> dags = byToken.get(token);
            if (dags != null && dags.remove(dagId) && dags.isEmpty())
            {
                byToken.remove(token);
            }
        }

        /** Files an entry read back from the grid unless the journal filed a newer one first; true when filed. */
        synchronized boolean fill(final JobIndexEntry entry)
        {
            if (entries.containsKey(entry.dagId()))
            {
                return false;
            }
            put(entry);
            return true;
        }

        /** Removes an entry read back from the grid whose record went meanwhile, unless the journal filed since. */
        synchronized void removeIfStill(final JobIndexEntry entry)
        {
            if (entries.get(entry.dagId()) == entry)
            {
                remove(entry.dagId());
            }
        }

        synchronized void clear()
        {
            entries.clear();
            byToken.clear();
        }

        synchronized void match(final List<String> tokens, final JobState state, final String executorClass, final LongArrayList out)
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
                        out.addLong(dagId);
                        out.addLong(count);
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
}
