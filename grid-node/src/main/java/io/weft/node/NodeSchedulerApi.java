package io.weft.node;

import io.weft.node.grid.GridDagQueries;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.PauseState;
import io.weft.scheduler.api.SchedulerApi;
import io.weft.scheduler.api.SubmissionCallback;

import java.util.List;
import java.util.Optional;

/** The scheduler as the REST bridge sees it: writes through the ring, reads from the grid. */
final class NodeSchedulerApi implements SchedulerApi
{
    private final Scheduler scheduler;
    private final GridDagQueries queries;
    private final DagValidator validator = new DagValidator();

    NodeSchedulerApi(final Scheduler scheduler, final GridDagQueries queries)
    {
        this.scheduler = scheduler;
        this.queries = queries;
    }

    @Override
    public DagPlan validate(final DagSpec spec)
    {
        return validator.validate(spec);
    }

    @Override
    public long trySubmit(final DagPlan plan, final SubmissionCallback callback)
    {
        return scheduler.trySubmit(plan, callback);
    }

    @Override
    public Optional<DagView> findDag(final long dagId)
    {
        return queries.findDag(dagId);
    }

    @Override
    public List<ExecutorView> executors()
    {
        return scheduler.executors();
    }

    @Override
    public boolean pause(final String executorClass)
    {
        return scheduler.tryPause(executorClass);
    }

    @Override
    public boolean resume(final String executorClass)
    {
        return scheduler.tryResume(executorClass);
    }

    @Override
    public PauseState pauseState()
    {
        return scheduler.pauseState();
    }
}
