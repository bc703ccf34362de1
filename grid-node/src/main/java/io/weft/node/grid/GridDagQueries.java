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
                jobs.add(new JobView(dag.jobId(i), dag.executorClass(i), dag.priority(i), JobState.WAITING, 0, 0, 0, 0, 0, 0, 0, null));
            }
            else
            {
                jobs.add(new JobView(
                    dag.jobId(i), dag.executorClass(i), dag.priority(i), run.jobState(i), run.attempts(i), run.executorId(i),
                    run.fencingToken(i), run.readyAtEpochMs(i), run.dispatchedAtEpochMs(i), run.startedAtEpochMs(i),
                    run.finishedAtEpochMs(i), run.error(i)));
            }
        }
        return Optional.of(new DagView(
            dagId,
            dag.name(),
            run == null ? DagState.PENDING : run.dagState(),
            dag.submittedAtEpochMs(),
            run == null ? 0 : run.finishedAtEpochMs(),
            jobs));
    }
}
