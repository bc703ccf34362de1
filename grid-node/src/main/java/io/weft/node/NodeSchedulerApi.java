package io.weft.node;

import io.weft.node.events.EventPayload;
import io.weft.node.events.EventPublisher;
import io.weft.rest.events.EventSeverity;
import io.weft.node.grid.DagRecord;
import io.weft.node.grid.DagRunRecord;
import io.weft.node.grid.GridDagQueries;
import io.weft.node.grid.GridJobQueries;
import io.weft.node.grid.GridMaps;
import com.hazelcast.map.IMap;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.api.CancelOutcome;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.ClusterView;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.Durability;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.MetricsSnapshot;
import io.weft.scheduler.api.PauseState;
import io.weft.scheduler.api.SchedulerApi;
import io.weft.scheduler.api.SubmissionCallback;

import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The scheduler as the REST bridge sees it: writes through the ring, reads from the grid. */
final class NodeSchedulerApi implements SchedulerApi
{
    private final Scheduler scheduler;
    private final GridDagQueries queries;
    private final GridJobQueries jobQueries;
    private final NodeMetrics metrics;
    private final DagValidator validator = new DagValidator();
    private final IntSupplier gridMembers;
    private final IMap<String, Boolean> pauses;
    private final Supplier<ClusterView> cluster;
    private final String nodeId;
    private final EventPublisher events;

    NodeSchedulerApi(
        final Scheduler scheduler,
        final GridDagQueries queries,
        final GridJobQueries jobQueries,
        final NodeMetrics metrics,
        final IntSupplier gridMembers,
        final IMap<String, Boolean> pauses,
        final Supplier<ClusterView> cluster,
        final String nodeId,
        final EventPublisher events)
    {
        this.events = events;
        this.nodeId = nodeId;
        this.cluster = cluster;
        this.gridMembers = gridMembers;
        this.pauses = pauses;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.queries = queries;
        this.jobQueries = jobQueries;
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
    public ClusterView cluster()
    {
        return cluster.get();
    }

    @Override
    public Durability durability()
    {
        return Durability.ofMembers(gridMembers.getAsInt());
    }

    @Override
    public Optional<DagView> findDag(final long dagId)
    {
        return queries.findDag(dagId);
    }

    @Override
    public List<ExecutorView> executors()
    {
        return scheduler.executors().stream().map(view -> view.linkedTo(nodeId)).toList();
    }

    /**
     * The pause goes to the grid as well as to the core, so that it holds across the cluster and across a change
     * of owner: a new owner restores every pause it finds there. The grid write is not awaited (this runs on the
     * event loop); it lands in milliseconds, with its backup.
     */
    @Override
    public boolean pause(final String executorClass)
    {
        if (!scheduler.tryPause(executorClass))
        {
            return false;
        }
        pauses.setAsync(pauseKey(executorClass), Boolean.TRUE);
        pauseEvent(executorClass, true);
        return true;
    }

    @Override
    public boolean resume(final String executorClass)
    {
        if (!scheduler.tryResume(executorClass))
        {
            return false;
        }
        pauses.deleteAsync(pauseKey(executorClass));
        pauseEvent(executorClass, false);
        return true;
    }

    private void pauseEvent(final String executorClass, final boolean paused)
    {
        events.publish((executorClass == null ? "scheduler." : "class.") + (paused ? "paused" : "resumed"),
            paused ? EventSeverity.WARNING : EventSeverity.INFO, 0, null, null, null, null,
            EventPayload.of("executorClass", executorClass));
    }

    private static String pauseKey(final String executorClass)
    {
        return executorClass == null ? GridMaps.WHOLE_SCHEDULER : executorClass;
    }

    @Override
    public PauseState pauseState()
    {
        return scheduler.pauseState();
    }

    @Override
    public CancelOutcome cancel(final long dagId, final String jobId)
    {
        final DagRecord dag = queries.definition(dagId);
        if (dag == null)
        {
            return CancelOutcome.NOT_FOUND;
        }
        final DagRunRecord run = queries.run(dagId);
        int jobIndex = -1;
        if (jobId != null)
        {
            for (int i = 0; i < dag.jobCount() && jobIndex < 0; i++)
            {
                if (dag.jobId(i).equals(jobId))
                {
                    jobIndex = i;
                }
            }
            if (jobIndex < 0)
            {
                return CancelOutcome.NOT_FOUND;
            }
            if (run != null && run.jobState(jobIndex).isTerminal())
            {
                return CancelOutcome.ALREADY_FINISHED;
            }
        }
        else if (run != null && run.dagState().isTerminal())
        {
            return CancelOutcome.ALREADY_FINISHED;
        }
        return scheduler.tryCancel(dagId, jobIndex) ? CancelOutcome.ACCEPTED : CancelOutcome.BUSY;
    }

    @Override
    public CancelOutcome pauseDag(final long dagId, final boolean pause)
    {
        if (queries.definition(dagId) == null)
        {
            return CancelOutcome.NOT_FOUND;
        }
        final DagRunRecord run = queries.run(dagId);
        if (run != null && run.dagState().isTerminal())
        {
            return CancelOutcome.ALREADY_FINISHED;
        }
        return scheduler.tryPauseDag(dagId, pause) ? CancelOutcome.ACCEPTED : CancelOutcome.BUSY;
    }

    @Override
    public JobPage listJobs(final JobState state, final String executorClass, final int offset, final int limit)
    {
        return jobQueries.listJobs(state, executorClass, null, offset, limit);
    }

    @Override
    public JobPage listJobs(final JobState state, final String executorClass, final String submittedBy, final int offset, final int limit)
    {
        return jobQueries.listJobs(state, executorClass, submittedBy, offset, limit);
    }

    @Override
    public JobPage deadLetters(final String submittedBy, final int offset, final int limit)
    {
        return jobQueries.deadLetters(submittedBy, offset, limit);
    }

    @Override
    public JobPage deadLetters(final int offset, final int limit)
    {
        return jobQueries.deadLetters(null, offset, limit);
    }

    @Override
    public MetricsSnapshot metrics()
    {
        return metrics.snapshot();
    }
}
