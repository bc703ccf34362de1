package io.weft.rest;

import io.weft.scheduler.api.Durability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.DagView;
import io.weft.scheduler.api.ExecutorView;
import io.weft.scheduler.api.JobListing;
import io.weft.scheduler.api.JobPage;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.api.JobView;
import io.weft.scheduler.api.PauseState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON shapes the server writes, as records so the wire format is visible in one file and matches
 * docs/api/openapi.yaml field for field. Ids are written as strings because 64-bit ids do not survive JSON numbers
 * in JavaScript clients; times are ISO-8601 instants, null until the event has happened.
 */
final class ResponseBodies
{
    private ResponseBodies()
    {
    }

    record Health(String status, int gridMembers, boolean durable, String durability)
    {
        static Health up(final Durability durability)
        {
            return new Health("UP", durability.gridMembers(), durability.survivesLossOfOneNode(), durability.statement());
        }
    }

    record SubmissionAccepted(String dagId, String location)
    {
        static SubmissionAccepted of(final long dagId)
        {
            return new SubmissionAccepted(Long.toString(dagId), dagLocation(dagId));
        }
    }

    record DagStatus(
        String dagId,
        String name,
        DagState state,
        String submittedAt,
        String finishedAt,
        String submittedBy,
        Map<String, Integer> counts,
        List<JobStatus> jobs)
    {
        static DagStatus of(final DagView view)
        {
            final List<JobView> jobViews = view.jobs() == null ? List.of() : view.jobs();
            final Map<String, Integer> counts = new LinkedHashMap<>();
            for (final JobState state : JobState.values())
            {
                counts.put(state.name(), 0);
            }
            final List<JobStatus> jobs = new ArrayList<>(jobViews.size());
            for (final JobView job : jobViews)
            {
                if (job.state() != null)
                {
                    counts.merge(job.state().name(), 1, Integer::sum);
                }
                jobs.add(JobStatus.of(job));
            }
            return new DagStatus(
                Long.toString(view.dagId()),
                view.name(),
                view.state(),
                instant(view.submittedAtEpochMs()),
                instant(view.finishedAtEpochMs()),
                view.submittedBy(),
                counts,
                jobs);
        }
    }

    record JobStatus(
        String id,
        String executorClass,
        int priority,
        JobState state,
        int attempts,
        String executorInstanceId,
        long fencingToken,
        String readyAt,
        String dispatchedAt,
        String startedAt,
        String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String result,
        @JsonInclude(JsonInclude.Include.NON_NULL) String resultEncoding)
    {
        static JobStatus of(final JobView job)
        {
            final JobResultJson result = JobResultJson.of(job.result());
            return new JobStatus(
                job.id(),
                job.executorClass(),
                job.priority(),
                job.state(),
                job.attempts(),
                job.executorInstanceId() == 0 ? null : Long.toString(job.executorInstanceId()),
                job.fencingToken(),
                instant(job.readyAtEpochMs()),
                instant(job.dispatchedAtEpochMs()),
                instant(job.startedAtEpochMs()),
                instant(job.finishedAtEpochMs()),
                job.error(),
                result == null ? null : result.json(),
                result == null ? null : result.encoding());
        }
    }

    /** What a cancel request was turned into; {@code jobId} only when one job was named. */
    record CancelRequested(String dagId, @JsonInclude(JsonInclude.Include.NON_NULL) String jobId, String status)
    {
        static final String STATUS = "CANCEL_REQUESTED";

        static CancelRequested of(final long dagId, final String jobId)
        {
            return new CancelRequested(Long.toString(dagId), jobId, STATUS);
        }
    }

    /** A DAG pause or resume the scheduler has taken; {@code paused} is the state the DAG will be in. */
    record DagPauseRequested(String dagId, boolean paused, String status)
    {
        static DagPauseRequested of(final long dagId, final boolean paused)
        {
            return new DagPauseRequested(Long.toString(dagId), paused, paused ? "PAUSE_REQUESTED" : "RESUME_REQUESTED");
        }
    }

    /**
     * A pause or resume the scheduler has taken but may not have applied yet: {@code paused} is the state the
     * scope will be in once it has. {@code executorClass} only when the scope is one class.
     */
    record PauseIntent(
        String scope, @JsonInclude(JsonInclude.Include.NON_NULL) String executorClass, boolean paused, String status)
    {
        static PauseIntent of(final String executorClass, final boolean paused)
        {
            return new PauseIntent(
                executorClass == null ? "scheduler" : "class", executorClass, paused, paused ? "PAUSE_REQUESTED" : "RESUME_REQUESTED");
        }
    }

    record SchedulerStatus(boolean paused, List<String> pausedClasses)
    {
        static SchedulerStatus of(final PauseState state)
        {
            final Set<String> classes = state.pausedClasses() == null ? Set.of() : state.pausedClasses();
            // Sorted so that two reads of the same state compare equal byte for byte.
            return new SchedulerStatus(state.schedulerPaused(), classes.stream().sorted().toList());
        }
    }

    record JobList(long total, int offset, int limit, List<ListedJob> jobs)
    {
        static JobList of(final JobPage page)
        {
            final List<JobListing> listings = page.jobs() == null ? List.of() : page.jobs();
            final List<ListedJob> jobs = new ArrayList<>(listings.size());
            for (final JobListing listing : listings)
            {
                jobs.add(ListedJob.of(listing));
            }
            return new JobList(page.total(), page.offset(), page.limit(), jobs);
        }
    }

    /** A job with the DAG it belongs to: {@link JobStatus}'s fields after {@code dagId} and {@code dagName}. */
    record ListedJob(String dagId, String dagName, @JsonUnwrapped JobStatus job)
    {
        static ListedJob of(final JobListing listing)
        {
            return new ListedJob(Long.toString(listing.dagId()), listing.dagName(), JobStatus.of(listing.job()));
        }
    }

    record ExecutorList(List<Executor> executors)
    {
        static ExecutorList of(final List<ExecutorView> views)
        {
            final List<Executor> executors = new ArrayList<>(views.size());
            for (final ExecutorView view : views)
            {
                executors.add(Executor.of(view));
            }
            return new ExecutorList(executors);
        }
    }

    record Executor(
        String instanceId,
        String deploymentName,
        String owner,
        String version,
        List<String> capabilities,
        String status,
        String registeredAt,
        String lastHeartbeatAt,
        List<Slot> slots,
        @JsonInclude(JsonInclude.Include.NON_NULL) String node)
    {
        static Executor of(final ExecutorView view)
        {
            final Set<String> capabilitySet = view.capabilities() == null ? Set.of() : view.capabilities();
            // Sorted so that two reads of the same executor compare equal byte for byte.
            final List<String> capabilities = capabilitySet.stream().sorted().toList();
            final List<ExecutorView.SlotView> slotViews = view.slots() == null ? List.of() : view.slots();
            final List<Slot> slots = new ArrayList<>(slotViews.size());
            for (final ExecutorView.SlotView slot : slotViews)
            {
                slots.add(new Slot(slot.executorClass(), slot.total(), slot.used(), slot.available()));
            }
            return new Executor(
                Long.toString(view.instanceId()),
                view.deploymentName(),
                view.owner(),
                view.version(),
                capabilities,
                view.status(),
                instant(view.registeredAtEpochMs()),
                instant(view.lastHeartbeatEpochMs()),
                slots,
                view.linkedNode());
        }
    }

    record Slot(String executorClass, int total, int used, int available)
    {
    }

    /** RFC 9457 members, plus {@code field} naming the offending request field when there is one. */
    record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        @JsonInclude(JsonInclude.Include.NON_NULL) String field)
    {
        static Problem of(final HttpProblem problem, final String instance)
        {
            return new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), instance, problem.field());
        }
    }

    static String dagLocation(final long dagId)
    {
        return RestPaths.DAGS + "/" + dagId;
    }

    static String instant(final long epochMs)
    {
        return epochMs == 0 ? null : Instant.ofEpochMilli(epochMs).toString();
    }
}
