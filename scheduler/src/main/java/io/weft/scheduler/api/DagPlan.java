package io.weft.scheduler.api;

/**
 * A validated DAG in the flat, index-addressed form the core runs: job {@code i} is described by the i-th element
 * of each array, and edges are job indexes. Built only by {@link DagValidator}, so a plan is acyclic, its ids are
 * unique and every dependency resolves. Immutable once built; the arrays are shared, never copied, and must not be
 * written to.
 */
public final class DagPlan
{
    private final String name;
    private final String[] jobIds;
    private final String[] executorClasses;
    private final int[] priorities;
    private final byte[][] payloads;
    private final int[][] parents;
    private final int[][] children;
    private final FailurePolicy failurePolicy;
    private final String referenceKey;
    private volatile String submittedBy;
    private final DuplicatePolicy duplicatePolicy;
    private final RetryPolicy[] retries;
    private final long[] softDeadlineMs;
    private final long[] hardDeadlineMs;
    private final long[] runTimeoutMs;

    DagPlan(
        final String name,
        final String[] jobIds,
        final String[] executorClasses,
        final int[] priorities,
        final byte[][] payloads,
        final int[][] parents,
        final int[][] children,
        final FailurePolicy failurePolicy,
        final String referenceKey,
        final DuplicatePolicy duplicatePolicy,
        final RetryPolicy[] retries,
        final long[] softDeadlineMs,
        final long[] hardDeadlineMs,
        final long[] runTimeoutMs)
    {
        this.failurePolicy = failurePolicy;
        this.referenceKey = referenceKey;
        this.duplicatePolicy = duplicatePolicy;
        this.retries = retries;
        this.softDeadlineMs = softDeadlineMs;
        this.hardDeadlineMs = hardDeadlineMs;
        this.runTimeoutMs = runTimeoutMs;
        this.name = name;
        this.jobIds = jobIds;
        this.executorClasses = executorClasses;
        this.priorities = priorities;
        this.payloads = payloads;
        this.parents = parents;
        this.children = children;
    }

    public String name()
    {
        return name;
    }

    public int jobCount()
    {
        return jobIds.length;
    }

    public String jobId(final int index)
    {
        return jobIds[index];
    }

    public String executorClass(final int index)
    {
        return executorClasses[index];
    }

    public int priority(final int index)
    {
        return priorities[index];
    }

    public byte[] payload(final int index)
    {
        return payloads[index];
    }

    public int parentCount(final int index)
    {
        return parents[index].length;
    }

    public int[] parents(final int index)
    {
        return parents[index];
    }

    public int[] children(final int index)
    {
        return children[index];
    }

    public FailurePolicy failurePolicy()
    {
        return failurePolicy;
    }

    /** The submitter's key for this work, or null. */
    public String referenceKey()
    {
        return referenceKey;
    }

    /** The principal that submitted the DAG, or null where nobody was asked (a test, the load generator's own API). */
    public String submittedBy()
    {
        return submittedBy;
    }

    /** Set once by the REST bridge, from the request's token, before the plan is offered to the scheduler. */
    public DagPlan submittedBy(final String principal)
    {
        this.submittedBy = principal;
        return this;
    }

    public DuplicatePolicy duplicatePolicy()
    {
        return duplicatePolicy;
    }

    public RetryPolicy retry(final int index)
    {
        return retries[index];
    }

    /** Soft deadline after submission in ms, 0 for none. */
    public long softDeadlineMs(final int index)
    {
        return softDeadlineMs[index];
    }

    /** Hard deadline after submission in ms, 0 for none. */
    public long hardDeadlineMs(final int index)
    {
        return hardDeadlineMs[index];
    }

    /** Longest an attempt may run in ms, 0 for none. */
    public long runTimeoutMs(final int index)
    {
        return runTimeoutMs[index];
    }
}
