package io.weft.scheduler.core;

import io.weft.scheduler.api.SubmissionCallback;

/**
 * A preallocated ring slot. Producers fill the fields their {@link #type} needs; the core reads them and clears
 * the references so a slot never keeps a DAG or callback alive after it is consumed.
 */
public final class SchedulerEvent
{
    public static final int SUBMIT = 1;
    public static final int EXECUTOR_REGISTERED = 2;
    public static final int HEARTBEAT = 3;
    public static final int JOB_STARTED = 4;
    public static final int JOB_SUCCEEDED = 5;
    public static final int JOB_FAILED = 6;
    public static final int PAUSE = 7;
    public static final int RESUME = 8;
    public static final int LEASE_RENEWED = 9;
    public static final int CANCEL = 10;
    public static final int DAG_PAUSE = 11;
    public static final int DAG_RESUME = 12;
    public static final int ADOPT = 13;
    public static final int TAKE_OVER = 14;
    public static final int STEP_DOWN = 15;
    public static final int REFERENCES = 16;
    public static final int DRAIN = 17;
    public static final int UNDRAIN = 18;
    public static final int OWNER_MESSAGE = 19;

    int type;
    long dagId;
    int jobIndex;
    long fencingToken;
    long instanceId;
    long timeEpochMs;
    long timeNs;
    boolean retryable;
    String text;
    /** The DAG plan of a submission, the descriptor of a registration, or the result bytes of a success. */
    Object ref;
    SubmissionCallback callback;

    void clearReferences()
    {
        text = null;
        ref = null;
        callback = null;
    }

    public void submit(final long dagId, final Object plan, final SubmissionCallback callback, final long nowEpochMs, final long nowNs)
    {
        this.type = SUBMIT;
        this.dagId = dagId;
        this.ref = plan;
        this.callback = callback;
        this.timeEpochMs = nowEpochMs;
        this.timeNs = nowNs;
    }

    public void executorRegistered(final Object descriptor)
    {
        this.type = EXECUTOR_REGISTERED;
        this.ref = descriptor;
    }

    /** Pause or resume dispatching: {@code executorClass} null means the whole scheduler. */
    public void pauseOrResume(final boolean pause, final String executorClass)
    {
        this.type = pause ? PAUSE : RESUME;
        this.text = executorClass;
    }

    /** Cancel one job, or the whole DAG when {@code jobIndex} is negative. */
    public void cancel(final long dagId, final int jobIndex)
    {
        this.type = CANCEL;
        this.dagId = dagId;
        this.jobIndex = jobIndex;
    }

    /** This node now owns the scheduler under {@code ownerEpoch}; adoptions and pauses from the grid follow. */
    public void takeOver(final long ownerEpoch)
    {
        this.type = TAKE_OVER;
        this.fencingToken = ownerEpoch;
    }

    /** This node no longer owns the scheduler: forget everything, refuse everything. */
    public void stepDown()
    {
        this.type = STEP_DOWN;
    }

    /** Reference keys already used in the cluster (a {@code Map<String, Long>} of key to DAG id), on takeover. */
    public void references(final Object keysToDagIds)
    {
        this.type = REFERENCES;
        this.ref = keysToDagIds;
    }

    /** A DAG this scheduler takes over from the grid (an {@code AdoptedDag}). */
    public void adopt(final Object adoptedDag)
    {
        this.type = ADOPT;
        this.ref = adoptedDag;
    }

    /** A message from another node's owner (an {@code OwnerMessage}). */
    public void ownerMessage(final Object message)
    {
        this.type = OWNER_MESSAGE;
        this.ref = message;
    }

    /** Stop (or start again) giving the instance new work; what it runs finishes. */
    public void drain(final long instanceId, final boolean drain)
    {
        this.type = drain ? DRAIN : UNDRAIN;
        this.instanceId = instanceId;
    }

    public void pauseOrResumeDag(final long dagId, final boolean pause)
    {
        this.type = pause ? DAG_PAUSE : DAG_RESUME;
        this.dagId = dagId;
    }

    public void leaseRenewed(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        this.type = LEASE_RENEWED;
        this.instanceId = instanceId;
        this.dagId = dagId;
        this.jobIndex = jobIndex;
        this.fencingToken = fencingToken;
    }

    public void heartbeat(final long instanceId, final long sentAtEpochMs)
    {
        this.type = HEARTBEAT;
        this.instanceId = instanceId;
        this.timeEpochMs = sentAtEpochMs;
    }

    /** A job's Started, Succeeded or Failed; {@code result} only for a success that returned one, else null. */
    public void jobCallback(
        final int type,
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final long fencingToken,
        final long atEpochMs,
        final boolean retryable,
        final String error,
        final byte[] result)
    {
        this.type = type;
        this.instanceId = instanceId;
        this.dagId = dagId;
        this.jobIndex = jobIndex;
        this.fencingToken = fencingToken;
        this.timeEpochMs = atEpochMs;
        this.retryable = retryable;
        this.text = error;
        this.ref = result;
    }
}
