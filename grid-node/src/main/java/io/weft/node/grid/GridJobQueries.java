package io.weft.node.grid;

import io.weft.scheduler.api.JobListing;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Job listings for operators, read from the grid. A listing by state scans every DAG's run record, which is fine
 * for an admin call on one node; a cluster-wide listing will want an index (see docs/operations.md).
 */
public final class GridJobQueries
{
    private final GridMaps maps;

    public GridJobQueries(final GridMaps maps)
    {
        this.maps = maps;
    }

    /** Jobs in DAG id order; {@code submittedBy}, when not null, keeps only the DAGs that principal submitted. */
    public JobPage listJobs(final JobState state, final String executorClass, final String submittedBy, final int offset, final int limit)
    {
        final TreeMap<Long, DagRunRecord> runs = new TreeMap<>(maps.dagRuns.getAll(maps.dagRuns.keySet()));
        final Map<Long, DagRecord> dags = maps.dags.getAll(runs.keySet());
        final List<JobListing> page = new ArrayList<>();
        long total = 0;
        for (final Map.Entry<Long, DagRunRecord> entry : runs.entrySet())
        {
            final DagRecord dag = dags.get(entry.getKey());
            if (dag == null || (submittedBy != null && !submittedBy.equals(dag.submittedBy())))
            {
                continue;
            }
            final DagRunRecord run = entry.getValue();
            for (int i = 0; i < run.jobCount(); i++)
            {
                if ((state == null || run.jobState(i) == state) && (executorClass == null || executorClass.equals(dag.executorClass(i))))
                {
                    if (total >= offset && page.size() < limit)
                    {
                        page.add(new JobListing(dag.dagId(), dag.name(), view(dag, run, i)));
                    }
                    total++;
                }
            }
        }
        return new JobPage(total, offset, limit, page);
    }

    /** Dead letters, newest first; {@code submittedBy}, when not null, keeps only the DAGs that principal submitted. */
    public JobPage deadLetters(final String submittedBy, final int offset, final int limit)
    {
        final List<DeadLetterRecord> letters = new ArrayList<>(maps.deadLetters.values());
        if (submittedBy != null)
        {
            final Set<Long> all = new java.util.HashSet<>();
            letters.forEach(l -> all.add(l.dagId()));
            final Map<Long, DagRecord> owners = maps.dags.getAll(all);
            letters.removeIf(l -> owners.get(l.dagId()) == null || !submittedBy.equals(owners.get(l.dagId()).submittedBy()));
        }
        letters.sort(Comparator.comparingLong(DeadLetterRecord::finishedAtEpochMs).reversed()
            .thenComparingLong(DeadLetterRecord::dagId).thenComparingInt(DeadLetterRecord::jobIndex));
        final List<DeadLetterRecord> slice = letters.subList(Math.min(offset, letters.size()), Math.min(letters.size(), offset + limit));
        final Set<Long> dagIds = new java.util.HashSet<>();
        slice.forEach(l -> dagIds.add(l.dagId()));
        final Map<Long, DagRecord> dags = maps.dags.getAll(dagIds);
        final Map<Long, DagRunRecord> runs = maps.dagRuns.getAll(dagIds);
        final List<JobListing> page = new ArrayList<>(slice.size());
        for (final DeadLetterRecord letter : slice)
        {
            final DagRecord dag = dags.get(letter.dagId());
            final DagRunRecord run = runs.get(letter.dagId());
            if (dag != null && run != null)
            {
                page.add(new JobListing(dag.dagId(), dag.name(), view(dag, run, letter.jobIndex())));
            }
        }
        return new JobPage(letters.size(), offset, limit, page);
    }

    static JobView view(final DagRecord dag, final DagRunRecord run, final int i)
    {
        return new JobView(
            dag.jobId(i), dag.executorClass(i), dag.priority(i), run.jobState(i), run.attempts(i), run.executorId(i),
            run.fencingToken(i), run.readyAtEpochMs(i), run.dispatchedAtEpochMs(i), run.startedAtEpochMs(i),
            run.finishedAtEpochMs(i), run.error(i), run.result(i));
    }
}
