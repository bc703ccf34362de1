package io.weft.scheduler.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link DagSpec} into a {@link DagPlan}, or refuses it with a {@link DagValidationException} naming the
 * first problem found. Runs on the submitting thread, off the scheduling core, so the core only ever sees DAGs it
 * can run.
 */
public final class DagValidator
{
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_JOBS = 100_000;

    private final int maxPayloadBytes;
    private final int maxJobs;

    public DagValidator()
    {
        this(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_JOBS);
    }

    public DagValidator(final int maxPayloadBytes, final int maxJobs)
    {
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxJobs = maxJobs;
    }

    public int maxPayloadBytes()
    {
        return maxPayloadBytes;
    }

    private static void requireIdentifier(final String value, final String field)
    {
        final String problem = IdentifierText.problem(value);
        if (problem != null)
        {
            throw new DagValidationException(DagValidationException.Problem.INVALID_IDENTIFIER, field + " " + problem);
        }
    }

    public DagPlan validate(final DagSpec spec)
    {
        final List<JobSpec> jobs = spec.jobs();
        final int n = jobs.size();
        if (n == 0)
        {
            throw new DagValidationException(DagValidationException.Problem.EMPTY_DAG, "the DAG must contain at least one job");
        }
        if (n > maxJobs)
        {
            throw new DagValidationException(
                DagValidationException.Problem.TOO_MANY_JOBS, "the DAG has " + n + " jobs; the limit is " + maxJobs);
        }

        if (spec.name() != null)
        {
            requireIdentifier(spec.name(), "name");
        }
        if (spec.referenceKey() != null)
        {
            requireIdentifier(spec.referenceKey(), "referenceKey");
        }

        final String[] ids = new String[n];
        final String[] classes = new String[n];
        final int[] priorities = new int[n];
        final byte[][] payloads = new byte[n][];
        final RetryPolicy[] retries = new RetryPolicy[n];
        final long[] softDeadlines = new long[n];
        final long[] hardDeadlines = new long[n];
        final long[] runTimeouts = new long[n];
        final Map<String, Integer> indexById = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++)
        {
            final JobSpec job = jobs.get(i);
            if (job.id() == null || job.id().isBlank())
            {
                throw new DagValidationException(DagValidationException.Problem.MISSING_FIELD, "jobs[" + i + "].id is required");
            }
            if (job.executorClass() == null || job.executorClass().isBlank())
            {
                throw new DagValidationException(
                    DagValidationException.Problem.MISSING_FIELD, "job '" + job.id() + "' has no executorClass");
            }
            requireIdentifier(job.id(), "jobs[" + i + "].id");
            requireIdentifier(job.executorClass(), "jobs[" + i + "].executorClass");
            if (indexById.putIfAbsent(job.id(), i) != null)
            {
                throw new DagValidationException(
                    DagValidationException.Problem.DUPLICATE_JOB_ID, "job id '" + job.id() + "' appears more than once");
            }
            if (job.payload().length > maxPayloadBytes)
            {
                throw new DagValidationException(
                    DagValidationException.Problem.PAYLOAD_TOO_LARGE,
                    "job '" + job.id() + "' has a payload of " + job.payload().length + " bytes; the limit is " + maxPayloadBytes);
            }
            if (job.softDeadlineMs() < 0 || job.hardDeadlineMs() < 0 || job.runTimeoutMs() < 0)
            {
                throw new DagValidationException(
                    DagValidationException.Problem.INVALID_TIMING, "job '" + job.id() + "' has a negative deadline or timeout");
            }
            if (job.softDeadlineMs() > 0 && job.hardDeadlineMs() > 0 && job.softDeadlineMs() > job.hardDeadlineMs())
            {
                throw new DagValidationException(
                    DagValidationException.Problem.INVALID_TIMING, "job '" + job.id() + "' has a soft deadline after its hard deadline");
            }
            retries[i] = job.retry();
            softDeadlines[i] = job.softDeadlineMs();
            hardDeadlines[i] = job.hardDeadlineMs();
            runTimeouts[i] = job.runTimeoutMs();
            ids[i] = job.id();
            classes[i] = job.executorClass();
            priorities[i] = job.priority();
            payloads[i] = job.payload();
        }

        final int[][] parents = new int[n][];
        final int[] childCounts = new int[n];
        for (int i = 0; i < n; i++)
        {
            final List<String> deps = jobs.get(i).dependsOn();
            final int[] p = new int[deps.size()];
            for (int d = 0; d < p.length; d++)
            {
                final Integer parent = indexById.get(deps.get(d));
                if (parent == null)
                {
                    throw new DagValidationException(
                        DagValidationException.Problem.UNKNOWN_DEPENDENCY,
                        "job '" + ids[i] + "' depends on '" + deps.get(d) + "', which is not in the DAG");
                }
                p[d] = parent;
                childCounts[parent]++;
            }
            parents[i] = p;
        }

        final int[][] children = new int[n][];
        for (int i = 0; i < n; i++)
        {
            children[i] = new int[childCounts[i]];
        }
        final int[] fill = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (final int parent : parents[i])
            {
                children[parent][fill[parent]++] = i;
            }
        }

        checkAcyclic(ids, parents, children);
        return new DagPlan(spec.name(), ids, classes, priorities, payloads, parents, children, spec.failurePolicy(), spec.referenceKey(), spec.duplicatePolicy(), retries, softDeadlines,
            hardDeadlines, runTimeouts);
    }

    /** Kahn's algorithm: whatever cannot be peeled off in topological order sits on a cycle. */
    private static void checkAcyclic(final String[] ids, final int[][] parents, final int[][] children)
    {
        final int n = ids.length;
        final int[] remaining = new int[n];
        final int[] queue = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++)
        {
            remaining[i] = parents[i].length;
            if (remaining[i] == 0)
            {
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++)
        {
            for (final int child : children[queue[head]])
            {
                if (--remaining[child] == 0)
                {
                    queue[tail++] = child;
                }
            }
        }
        if (tail < n)
        {
            final List<String> onCycle = new ArrayList<>();
            for (int i = 0; i < n && onCycle.size() < 5; i++)
            {
                if (remaining[i] > 0)
                {
                    onCycle.add(ids[i]);
                }
            }
            throw new DagValidationException(
                DagValidationException.Problem.DEPENDENCY_CYCLE,
                "dependencies form a cycle through jobs " + onCycle + (n - tail > 5 ? " and others" : ""));
        }
    }
}
