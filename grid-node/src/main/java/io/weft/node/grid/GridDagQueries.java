package io.weft.node.grid;

import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads DAGs back from the grid for the API; never touches the scheduling core. */
public final class GridDagQueries
{
    private final GridMaps maps;

    public GridDagQueries(final GridMaps maps)
    {
        this.maps = maps;
    }

    /** The DAG's definition, or null: what a cancel request needs to resolve a job id. */
    public DagRecord definition(final long dagId)
    {
        return maps.dags.get(dagId);
    }

    public DagRunRecord run(final long dagId)
    {
        return maps.dagRuns.get(dagId);
    }

    public Optional<DagView> findDag(final long dagId)
    {
        final DagRecord dag = maps.dags.get(dagId);
        if (dag == null)
        {
            return Optional.empty();
        }
        final DagRunRecord run = maps.dagRuns.get(dagId);
        final int n = dag.jobCount();
        final List<JobView> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            if (run == null)
            {
                jobs.add(new JobView(dag.jobId(i), dag.executorClass(i), dag.priority(i), JobState.WAITING, 0, 0, 0, 0, 0, 0, 0, null, null));
            }
            else
            {
                jobs.add(GridJobQueries.view(dag, run, i));
            }
        }
        return Optional.of(new DagView(
            dagId,
            dag.name(),
            run == null ? DagState.PENDING : run.dagState(),
            dag.submittedAtEpochMs(),
            run == null ? 0 : run.finishedAtEpochMs(),
            jobs,
            dag.submittedBy()));
    }
}
