package io.weft.node.grid;

import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads back, for a new owner epoch, every unfinished DAG that no newer epoch holds, claiming each in the same step
 * (see {@link AdoptDagProcessor}). Run at takeover and then now and then: a write that an old owner issued just
 * before it was fenced, or that a minority side of a split brought back when it merged, can create a DAG after the
 * takeover's scan, and it must not be left without an owner.
 */
public final class DagTakeoverReader
{
    private static final Logger LOG = LoggerFactory.getLogger(DagTakeoverReader.class);

    private final GridMaps maps;
    private final String nodeId;
    private final DagValidator validator = new DagValidator();

    /** @param nodeId the node claiming, recorded with the epoch in each claimed run */
    public DagTakeoverReader(final GridMaps maps, final String nodeId)
    {
        this.maps = maps;
        this.nodeId = nodeId;
    }

    /** The DAGs claimed for {@code ownerEpoch}, oldest id first, so ready work returns in submission order. */
    public List<AdoptedDag> claimUnowned(final long ownerEpoch)
    {
        return adopted(maps.dagRuns.executeOnEntries(new AdoptDagProcessor(ownerEpoch, nodeId), new UnownedDagPredicate(ownerEpoch)));
    }

    /**
     * The unfinished DAGs in the grid partitions this member owns, claimed for {@code ownerEpoch} unless a newer epoch
     * holds them: what a node that owns DAGs by partition takes over. Oldest id first.
     */
    public List<AdoptedDag> claimLocal(final long ownerEpoch)
    {
        // The predicate runs on this member's own entries only, so finished DAGs kept for their retention cost a
        // check each, not a claim each.
        final java.util.Set<Long> local = maps.dagRuns.localKeySet(new UnownedDagPredicate(ownerEpoch));
        if (local.isEmpty())
        {
            return List.of();
        }
        return adopted(maps.dagRuns.executeOnKeys(local, new AdoptDagProcessor(ownerEpoch, nodeId)));
    }

    /** Whether an unfinished DAG in this member's partitions is held by a term newer than {@code ownerEpoch}. */
    public boolean newerTermHoldsLocal(final long ownerEpoch)
    {
        return !maps.dagRuns.localKeySet(new NewerOwnerPredicate(ownerEpoch)).isEmpty();
    }

    /** Unfinished DAGs held by a term newer than the given one; evaluated on this member's own entries only. */
    private record NewerOwnerPredicate(long ownerEpoch) implements com.hazelcast.query.Predicate<Long, DagRunRecord>
    {
        @Override
        public boolean apply(final Map.Entry<Long, DagRunRecord> entry)
        {
            final DagRunRecord record = entry.getValue();
            return record != null && record.ownerEpoch() > ownerEpoch && !record.dagState().isTerminal();
        }
    }

    private List<AdoptedDag> adopted(final Map<Long, DagRunRecord> claimed)
    {
        final Map<Long, DagRunRecord> runs = new TreeMap<>();
        claimed.forEach((dagId, run) -> {
            if (run != null)
            {
                runs.put(dagId, run);
            }
        });
        if (runs.isEmpty())
        {
            return List.of();
        }
        final Map<Long, DagRecord> definitions = maps.dags.getAll(runs.keySet());
        final List<AdoptedDag> adopted = new ArrayList<>(runs.size());
        for (final Map.Entry<Long, DagRunRecord> entry : runs.entrySet())
        {
            final DagRecord definition = definitions.get(entry.getKey());
            if (definition == null)
            {
                // Both are written in the batch that accepts a DAG; a run without a definition was never accepted.
                LOG.warn("DAG {} has a run record but no definition; it was never acknowledged and is left alone", entry.getKey());
                continue;
            }
            adopted.add(entry.getValue().toAdopted(definition.toPlan(validator)));
        }
        return adopted;
    }
}
