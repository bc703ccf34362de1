package io.weft.node.grid;

import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        final DagStateRecord state = maps.dagStates.get(dagId);
        final int n = dag.jobCount();
        final Set<JobKey> keys = new HashSet<>(n * 2);
        for (int i = 0; i < n; i++)
        {
            keys.add(new JobKey(dagId, i));
        }
        final Map<JobKey, JobRecord> records = maps.jobs.getAll(keys);
        final List<JobView> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            final JobRecord r = records.get(new JobKey(dagId, i));
            if (r == null)
            {
                jobs.add(new JobView(dag.jobId(i), dag.executorClass(i), dag.priority(i), JobState.WAITING, 0, 0, 0, 0, 0, 0, 0, null));
            }
            else
            {
                jobs.add(new JobView(
                    dag.jobId(i), dag.executorClass(i), dag.priority(i), r.state(), r.attempts(), r.executorInstanceId(), r.fencingToken(),
                    r.readyAtEpochMs(), r.dispatchedAtEpochMs(), r.startedAtEpochMs(), r.finishedAtEpochMs(), r.error()));
            }
        }
        return Optional.of(new DagView(
            dagId,
            dag.name(),
            state == null ? io.weft.scheduler.api.DagState.PENDING : state.state(),
            dag.submittedAtEpochMs(),
            state == null ? 0 : state.finishedAtEpochMs(),
            jobs));
    }
}
