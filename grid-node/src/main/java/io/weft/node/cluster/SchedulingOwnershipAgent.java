package io.weft.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.weft.node.grid.ClaimOwnershipProcessor;
import io.weft.node.grid.DagTakeoverReader;
import io.weft.node.grid.GridMaps;
import io.weft.node.grid.GridSchedulerJournal;
import io.weft.node.grid.OwnerEpochRecord;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.api.AdoptedDag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether this node runs the scheduler. The owner record in the grid names the owner and its epoch. While
 * that owner is a live member it stays the owner: moving the scheduler whenever a node joins would stop dispatching
 * for a takeover's length and gain nothing, since one node runs it either way. When the recorded owner is gone, the
 * member that owns the grid partition of the record's key claims it, with a compare-and-set that raises the epoch
 * (so of two claimants one wins), which fences every write of the previous owner; then it rebuilds the scheduler
 * from the grid. Membership and migration events only wake the agent early: they can be late or lost, and a
 * partition's owner is stale as soon as it is read, so it also checks on a short period, and what decides is the
 * epoch in the grid. All of it runs on one thread, so takeovers and step-downs never interleave.
 */
public final class SchedulingOwnershipAgent implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingOwnershipAgent.class);

    private final HazelcastInstance hazelcast;
    private final GridMaps maps;
    private final GridSchedulerJournal journal;
    private final Scheduler scheduler;
    private final NodeDirectoryStore directory;
    private final DagTakeoverReader takeoverReader;
    private final ExecutorRedirector executors;
    private final NodeAddress self;
    private final long checkIntervalMs;
    private final long sweepIntervalMs;
    private final ScheduledExecutorService thread;
    private final AtomicLong takeovers = new AtomicLong();
    private final AtomicLong dagsAdopted = new AtomicLong();
    private final AtomicLong stepDowns = new AtomicLong();
    private final CountDownLatch settled = new CountDownLatch(1);
    private UUID membershipRegistration;
    private UUID migrationRegistration;

    /** The current term's epoch (0: none): the scheduler's owner epoch, or with partitioned ownership this node's term. */
    private volatile long ownerEpoch;
    /** The term the core last reported fenced off (0: none); a report of an earlier term than the current is stale. */
    private volatile long fencedEpoch;
    private volatile NodeAddress knownOwner;
    private volatile long lastTakeoverMs = -1;
    private long lastSweepMs;
    /**
     * The sweep scans every run record, which competes with the journal for the grid's partition threads, so it runs
     * only while a DAG without an owner can appear: for a while after a takeover or a change of members.
     */
    private static final long SWEEP_WINDOW_MS = 30_000;
    private volatile long sweepUntilMs;
    private long lastEndpointsMs;
    private String lastFailure;

    // ------------------------------------------------------------------ partitioned ownership (peers != null)
    /** Key of the grid's counter of ownership terms, in the owner map: every term of every node takes the next. */
    static final String TERM_COUNTER_KEY = "terms";
    private final GridOwnerPeers peers;
    /** The grid partitions this node's current term owns the DAGs of. */
    private java.util.BitSet termPartitions = new java.util.BitSet();
    /** A changed partition set seen once: a new term starts when the next check sees it again (migrations settle). */
    private java.util.BitSet pendingPartitions;
    /** The epoch of the owner record this node holds while it owns the classes (0: it does not). */
    private volatile long classEpoch;
    private long lastNewerCheckMs;
    /** The member uuid this node's directory entry is published under. */
    private String publishedUuid;

    public SchedulingOwnershipAgent(
        final HazelcastInstance hazelcast,
        final GridMaps maps,
        final GridSchedulerJournal journal,
        final Scheduler scheduler,
        final ExecutorRedirector executors,
        final NodeAddress self,
        final long checkIntervalMs,
        final long sweepIntervalMs)
    {
        this(hazelcast, maps, journal, scheduler, executors, self, checkIntervalMs, sweepIntervalMs, null);
    }

    /**
     * With {@code peers}, ownership is partitioned: every node holds a term of its own and owns the DAGs of the grid
     * partitions it owns, and the holder of the owner record owns the executor classes (see {@link #evaluatePartitioned}).
     */
    public SchedulingOwnershipAgent(
        final HazelcastInstance hazelcast,
        final GridMaps maps,
        final GridSchedulerJournal journal,
        final Scheduler scheduler,
        final ExecutorRedirector executors,
        final NodeAddress self,
        final long checkIntervalMs,
        final long sweepIntervalMs,
        final GridOwnerPeers peers)
    {
        this.peers = peers;
        this.hazelcast = hazelcast;
        this.maps = maps;
        this.journal = journal;
        this.scheduler = scheduler;
        this.directory = new NodeDirectoryStore(hazelcast, maps);
        this.takeoverReader = new DagTakeoverReader(maps, self.nodeId());
        this.executors = executors;
        this.self = self;
        this.checkIntervalMs = checkIntervalMs;
        this.sweepIntervalMs = sweepIntervalMs;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread t = new Thread(runnable, "weft-ownership-" + self.nodeId());
            t.setDaemon(true);
            return t;
        });
    }

    public SchedulingOwnershipAgent start()
    {
        directory.publish(self);
        publishedUuid = localUuid();
        membershipRegistration = hazelcast.getCluster().addMembershipListener(new MembershipListener()
        {
            @Override
            public void memberAdded(final MembershipEvent event)
            {
                sweepFor(SWEEP_WINDOW_MS); // a member that merges back may bring a DAG no owner holds
                wake();
            }

            @Override
            public void memberRemoved(final MembershipEvent event)
            {
                sweepFor(SWEEP_WINDOW_MS); // a removed owner may still be writing until it learns it is fenced
                wake();
            }
        });
        migrationRegistration = hazelcast.getPartitionService().addMigrationListener(new MigrationListener()
        {
            @Override
            public void migrationStarted(final MigrationState state)
            {
            }

            @Override
            public void migrationFinished(final MigrationState state)
            {
                sweepFor(SWEEP_WINDOW_MS); // partitions that came back may hold DAGs a newer term claimed meanwhile
                wake();
            }

            @Override
            public void replicaMigrationCompleted(final ReplicaMigrationEvent event)
            {
            }

            @Override
            public void replicaMigrationFailed(final ReplicaMigrationEvent event)
            {
            }
        });
        thread.scheduleWithFixedDelay(this::evaluate, 0, checkIntervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepFor(final long windowMs)
    {
        sweepUntilMs = System.currentTimeMillis() + windowMs;
    }

    /** Called on the scheduler's core thread when the grid refused a batch of term {@code epoch} for a newer one. */
    public void onFenced(final long epoch)
    {
        fencedEpoch = epoch;
        wake();
    }

    private void wake()
    {
        try
        {
            thread.execute(this::evaluate);
        }
        catch (final java.util.concurrent.RejectedExecutionException ignore)
        {
            // closing
        }
    }

    /**
     * True while this node owns the scheduler; with partitioned ownership, while it owns the executor classes (every
     * node owns DAGs then).
     */
    public boolean isOwner()
    {
        return peers == null ? ownerEpoch != 0 : classEpoch != 0;
    }

    /** Whether ownership is partitioned: DAGs by grid partition, classes by the owner record. */
    public boolean partitioned()
    {
        return peers != null;
    }

    public long ownerEpoch()
    {
        return ownerEpoch;
    }

    /** Where the owner is, as last seen: this node's own address while it owns; null while nobody is known. */
    public NodeAddress owner()
    {
        return isOwner() ? self : knownOwner;
    }

    public NodeAddress self()
    {
        return self;
    }

    public long takeovers()
    {
        return takeovers.get();
    }

    public long stepDowns()
    {
        return stepDowns.get();
    }

    public long dagsAdopted()
    {
        return dagsAdopted.get();
    }

    /** Milliseconds the last takeover took from the claim to the last DAG handed to the core; -1 before any. */
    public long lastTakeoverMs()
    {
        return lastTakeoverMs;
    }

    /** The owner epoch the grid holds now (0 before any claim): one read of the owner record. */
    public long epochInGrid()
    {
        final var record = directory.ownerRecord();
        return record == null ? 0 : record.epoch();
    }

    /** The node ids of every live node, as the grid's directory says. */
    public List<String> liveNodeIds()
    {
        final List<String> ids = new ArrayList<>();
        directory.liveNodes().forEach(node -> ids.add(node.nodeId()));
        ids.sort(String::compareTo);
        return ids;
    }

    /** Waits until this node owns the scheduler or knows who does; false when that did not happen in time. */
    public boolean awaitSettled(final long timeoutMs)
    {
        try
        {
            return settled.await(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void evaluate()
    {
        try
        {
            if (!hazelcast.getLifecycleService().isRunning())
            {
                return;
            }
            final String uuid = localUuid();
            if (!uuid.equals(publishedUuid))
            {
                // A member that merged back after a split has a new uuid: the directory must find it under that one.
                directory.publish(self);
                publishedUuid = uuid;
                sweepFor(SWEEP_WINDOW_MS);
            }
            if (peers != null)
            {
                evaluatePartitioned();
                return;
            }
            if (fencedEpoch != 0 && fencedEpoch == ownerEpoch)
            {
                LOG.warn("owner epoch {} was fenced off by a newer owner", ownerEpoch);
                fencedEpoch = 0;
                ownerEpoch = 0;
                stepDowns.incrementAndGet();
            }
            final OwnerEpochRecord record = directory.ownerRecord();
            if (ownerEpoch != 0)
            {
                if (record == null || record.epoch() != ownerEpoch)
                {
                    stepDown(); // a newer owner claimed the scheduler: this node was presumed dead
                }
                else if (System.currentTimeMillis() < sweepUntilMs && System.currentTimeMillis() - lastSweepMs >= sweepIntervalMs)
                {
                    lastSweepMs = System.currentTimeMillis();
                    adopt(takeoverReader.claimUnowned(ownerEpoch));
                }
            }
            else if (record == null || !directory.isLive(record.memberUuid()) || record.memberUuid().equals(localUuid()))
            {
                // Vacant, its owner gone, or this node's own earlier term that it dropped (fenced): one claims it.
                final Member partitionOwner = hazelcast.getPartitionService().getPartition(GridMaps.OWNER_KEY).getOwner();
                if (partitionOwner != null && partitionOwner.localMember())
                {
                    takeOver(record == null ? 0 : record.epoch());
                }
            }
            if (ownerEpoch == 0)
            {
                knownOwner = directory.ownerAddress();
                if (knownOwner != null && !knownOwner.nodeId().equals(self.nodeId()))
                {
                    executors.redirectAll(knownOwner.executorEndpoint()); // stragglers that registered here
                }
            }
            if (System.currentTimeMillis() - lastEndpointsMs >= sweepIntervalMs)
            {
                lastEndpointsMs = System.currentTimeMillis();
                final List<String> endpoints = new ArrayList<>();
                directory.liveNodes().forEach(node -> endpoints.add(node.executorEndpoint()));
                executors.clusterEndpoints(endpoints);
            }
            lastFailure = null;
            if (owner() != null)
            {
                settled.countDown();
            }
        }
        catch (final RuntimeException ex)
        {
            // A minority side (no quorum) or a member shutting down lands here; the next check tries again.
            final String failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            if (!failure.equals(lastFailure))
            {
                LOG.warn("ownership check failed: {}", failure);
                lastFailure = failure;
            }
        }
    }

    /**
     * Partitioned ownership. Every node holds a term (an epoch drawn from the grid's term counter, so a later term of
     * any node is newer than every earlier one) and owns the unfinished DAGs of the grid partitions it owns, claimed
     * under that epoch: the grid then refuses an older term's writes to them. The member that owns the owner record's
     * partition claims the record when its holder is gone, and owns the executor classes. A node starts a new term
     * when its partitions change (seen twice in a row, so a migration in progress does not restart it each step), when
     * it gains or loses the classes, or when the journal reports it fenced; a new term rebuilds from the grid.
     */
    private void evaluatePartitioned()
    {
        peers.refresh(); // first: a grid merge may have given this member a new uuid, and with it a new node number
        String reason = null;
        if (fencedEpoch != 0 && fencedEpoch == ownerEpoch)
        {
            fencedEpoch = 0;
            stepDowns.incrementAndGet();
            reason = "fenced off by a newer term";
        }
        final OwnerEpochRecord record = directory.ownerRecord();
        if (classEpoch != 0 && (record == null || record.epoch() != classEpoch))
        {
            classEpoch = 0; // a newer holder claimed the record: this node was presumed dead
            stepDowns.incrementAndGet();
            reason = "another node owns the classes now";
        }
        final boolean recordVacant = record == null || !directory.isLive(record.memberUuid())
            || (record.memberUuid().equals(localUuid()) && classEpoch == 0);
        final Member recordPartitionOwner = hazelcast.getPartitionService().getPartition(GridMaps.OWNER_KEY).getOwner();
        final boolean claimClasses = recordVacant && recordPartitionOwner != null && recordPartitionOwner.localMember();
        if (claimClasses)
        {
            reason = reason == null ? "the classes have no live owner" : reason;
        }
        final java.util.BitSet partitions = localPartitions();
        if (ownerEpoch == 0)
        {
            reason = reason == null ? "first term" : reason;
        }
        else if (!partitions.equals(termPartitions))
        {
            if (partitions.equals(pendingPartitions))
            {
                reason = reason == null ? "its grid partitions changed" : reason;
            }
            pendingPartitions = partitions;
        }
        // Not only in the sweep window: while partitions move, a partition can reach this node after another node's
        // newer term claimed its DAGs, and the long chaos run found such a DAG minutes after the last change of members.
        // But the check reads every run record on the partition threads (a tenth of a lone node's throughput when run
        // every sweep interval), so outside the window it runs at a fifteenth of that pace.
        final long newerCheckIntervalMs = System.currentTimeMillis() < sweepUntilMs ? sweepIntervalMs : 15 * sweepIntervalMs;
        if (reason == null && System.currentTimeMillis() - lastNewerCheckMs >= newerCheckIntervalMs)
        {
            lastNewerCheckMs = System.currentTimeMillis();
            if (takeoverReader.newerTermHoldsLocal(ownerEpoch))
            {
                // Its partitions went elsewhere and came back while it was cut off: a newer term claimed their DAGs,
                // and only a newer term of this node can claim them back.
                reason = "a newer term holds DAGs of its partitions";
            }
        }
        if (reason != null)
        {
            newTerm(reason, claimClasses, record, partitions);
        }
        else if (System.currentTimeMillis() < sweepUntilMs && System.currentTimeMillis() - lastSweepMs >= sweepIntervalMs)
        {
            lastSweepMs = System.currentTimeMillis();
            adopt(takeoverReader.claimLocal(ownerEpoch)); // DAGs written into this node's partitions by an older term
        }
        peers.refresh();
        if (classEpoch == 0)
        {
            knownOwner = directory.ownerAddress();
            if (knownOwner != null && !knownOwner.nodeId().equals(self.nodeId()))
            {
                executors.redirectAll(knownOwner.executorEndpoint()); // stragglers that registered here
            }
        }
        if (System.currentTimeMillis() - lastEndpointsMs >= sweepIntervalMs)
        {
            lastEndpointsMs = System.currentTimeMillis();
            final List<String> endpoints = new ArrayList<>();
            directory.liveNodes().forEach(node -> endpoints.add(node.executorEndpoint()));
            executors.clusterEndpoints(endpoints);
        }
        lastFailure = null;
        if (ownerEpoch != 0 && owner() != null)
        {
            settled.countDown();
        }
    }

    private java.util.BitSet localPartitions()
    {
        final java.util.BitSet owned = new java.util.BitSet();
        for (final com.hazelcast.partition.Partition partition : hazelcast.getPartitionService().getPartitions())
        {
            final Member owner = partition.getOwner();
            if (owner != null && owner.localMember())
            {
                owned.set(partition.getPartitionId());
            }
        }
        return owned;
    }

    /** The next term's epoch: the grid's term counter, raised by one with a compare-and-set. */
    private long nextTermEpoch()
    {
        while (true)
        {
            final OwnerEpochRecord counter = maps.owner.get(TERM_COUNTER_KEY);
            final long current = counter == null ? 0 : counter.epoch();
            final long next = maps.owner.executeOnKey(TERM_COUNTER_KEY,
                new ClaimOwnershipProcessor(self.nodeId(), localUuid(), System.nanoTime(), current));
            if (next > 0)
            {
                return next;
            }
        }
    }

    private void newTerm(final String reason, final boolean claimClasses, final OwnerEpochRecord record, final java.util.BitSet partitions)
    {
        final long startNs = System.nanoTime();
        final long epoch = nextTermEpoch();
        if (claimClasses)
        {
            final long claimed = maps.owner.executeOnKey(GridMaps.OWNER_KEY, new ClaimOwnershipProcessor(
                self.nodeId(), localUuid(), System.currentTimeMillis() ^ System.nanoTime(), record == null ? 0 : record.epoch()));
            if (claimed > 0)
            {
                classEpoch = claimed;
            }
        }
        journal.ownerEpoch(epoch);
        scheduler.takeOver(epoch);
        ownerEpoch = epoch;
        termPartitions = partitions;
        pendingPartitions = null;
        restoreReferences();
        if (classEpoch != 0)
        {
            restorePausesAndDrains();
            knownOwner = self;
        }
        final int adopted = adopt(takeoverReader.claimLocal(epoch));
        lastSweepMs = System.currentTimeMillis();
        if (epoch > 1)
        {
            sweepFor(SWEEP_WINDOW_MS); // an older term may still be writing into these partitions until it is fenced
        }
        takeovers.incrementAndGet();
        lastTakeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        LOG.info("node {} started term {} ({}) in {} ms: {} grid partitions, {} unfinished DAG(s) adopted{}", self.nodeId(), epoch,
            reason, lastTakeoverMs, partitions.cardinality(), adopted, classEpoch != 0 ? ", owns the executor classes" : "");
        peers.refresh();
        if (classEpoch != 0)
        {
            callExecutorsHere();
        }
    }

    /** The keyed submissions' references, which a fresh core needs to answer a repeated key with the same DAG. */
    private void restoreReferences()
    {
        scheduler.restoreReferences(new HashMap<>(maps.references.getAll(maps.references.keySet())));
    }

    /** The class side's pauses and drains, which live in the grid and not in any run record. */
    private void restorePausesAndDrains()
    {
        maps.pauses.forEach((key, paused) -> {
            if (Boolean.TRUE.equals(paused))
            {
                scheduler.restorePause(GridMaps.WHOLE_SCHEDULER.equals(key) ? null : key);
            }
        });
        maps.drained.keySet().forEach(scheduler::restoreDrain);
    }

    /**
     * The fresh core knows no executor: those linked here register again, and those the previous owner had are asked
     * over directly, rather than waiting for each to notice its node is gone.
     */
    private void callExecutorsHere()
    {
        executors.redirectAll(self.executorEndpoint());
        executors.invite(new HashMap<>(maps.executors), self.executorEndpoint());
    }

    private String localUuid()
    {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    private void takeOver(final long expectedEpoch)
    {
        final long startNs = System.nanoTime();
        final long claimId = System.currentTimeMillis() ^ System.nanoTime();
        final long epoch = maps.owner.executeOnKey(
            GridMaps.OWNER_KEY, new ClaimOwnershipProcessor(self.nodeId(), localUuid(), claimId, expectedEpoch));
        if (epoch <= 0)
        {
            LOG.info("node {} lost the claim for the scheduler to epoch {}", self.nodeId(), -epoch);
            return;
        }
        journal.ownerEpoch(epoch);
        scheduler.takeOver(epoch);
        ownerEpoch = epoch;
        knownOwner = self;
        restoreReferences();
        restorePausesAndDrains();
        final int adopted = adopt(takeoverReader.claimUnowned(epoch));
        lastSweepMs = System.currentTimeMillis();
        if (expectedEpoch > 0)
        {
            sweepFor(SWEEP_WINDOW_MS); // an earlier owner may still be writing until it learns it was fenced
        }
        takeovers.incrementAndGet();
        lastTakeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        LOG.info("node {} took over the scheduler under owner epoch {} in {} ms: {} unfinished DAG(s) adopted",
            self.nodeId(), epoch, lastTakeoverMs, adopted);
        callExecutorsHere();
    }

    private int adopt(final List<AdoptedDag> dags)
    {
        for (final AdoptedDag dag : dags)
        {
            scheduler.adopt(dag);
        }
        dagsAdopted.addAndGet(dags.size());
        if (!dags.isEmpty() && takeovers.get() > 0)
        {
            LOG.info("adopted {} DAG(s) that no current owner held", dags.size());
        }
        return dags.size();
    }

    private void stepDown()
    {
        LOG.info("node {} no longer owns the scheduler (a newer epoch holds it); stepping down from epoch {}", self.nodeId(), ownerEpoch);
        ownerEpoch = 0;
        stepDowns.incrementAndGet();
        scheduler.stepDown();
        final NodeAddress owner = directory.ownerAddress();
        knownOwner = owner;
        if (owner != null && !owner.nodeId().equals(self.nodeId()))
        {
            executors.redirectAll(owner.executorEndpoint());
        }
    }

    @Override
    public void close()
    {
        thread.shutdownNow();
        try
        {
            if (membershipRegistration != null)
            {
                hazelcast.getCluster().removeMembershipListener(membershipRegistration);
            }
            if (migrationRegistration != null)
            {
                hazelcast.getPartitionService().removeMigrationListener(migrationRegistration);
            }
            directory.withdraw();
        }
        catch (final RuntimeException ex)
        {
            LOG.debug("could not withdraw node {} from the directory", self.nodeId(), ex);
        }
    }
}
