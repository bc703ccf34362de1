package io.weft.transport.executor;

/**
 * A dispatched job attempt held by this executor, from dispatch until its final callback is sent. Listed in
 * heartbeats so that the node renews it.
 * <p>
 * Cancellation interrupts the worker only while it runs this lease: {@code runner} is set and cleared under
 * the lease's lock, so an interrupt can never land on a thread that has moved on to another job.
 */
final class JobLease
{
    private final long dagId;
    private final int jobIndex;
    private final long fencingToken;
    private volatile boolean cancelled;
    private Thread runner;

    JobLease(final long dagId, final int jobIndex, final long fencingToken)
    {
        this.dagId = dagId;
        this.jobIndex = jobIndex;
        this.fencingToken = fencingToken;
    }

    long dagId()
    {
        return dagId;
    }

    int jobIndex()
    {
        return jobIndex;
    }

    long fencingToken()
    {
        return fencingToken;
    }

    boolean isCancelled()
    {
        return cancelled;
    }

    void cancel()
    {
        synchronized (this)
        {
            cancelled = true;
            if (null != runner)
            {
                runner.interrupt();
            }
        }
    }

    /**
     * @return false if the lease was cancelled before it could start.
     */
    boolean beginRun(final Thread thread)
    {
        synchronized (this)
        {
            if (cancelled)
            {
                return false;
            }
            runner = thread;
            return true;
        }
    }

    void endRun()
    {
        synchronized (this)
        {
            runner = null;
        }
        // A cancel that raced with the end of the handler must not leak into the callback's offer or next job.
        Thread.interrupted();
    }
}
