package io.weft.transport.executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job attempt on a worker thread: Started, the handler, then exactly one of Succeeded or Failed, all
 * carrying the dispatch's fencing token.
 */
final class JobTask implements Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(JobTask.class);
    static final String CANCELLED = "cancelled";

    private final ExecutorClientAgent agent;
    private final JobLease lease;
    private final JobContext context;
    private final JobHandler handler;

    JobTask(final ExecutorClientAgent agent, final JobLease lease, final JobContext context, final JobHandler handler)
    {
        this.agent = agent;
        this.lease = lease;
        this.context = context;
        this.handler = handler;
    }

    @Override
    public void run()
    {
        final NodePublisher publisher = agent.workerPublisher();
        final long instanceId = agent.instanceId();
        boolean callbackSent = false;
        try
        {
            if (!lease.beginRun(Thread.currentThread()))
            {
                callbackSent = sendCancelled(publisher, instanceId);
                return;
            }

            JobResult result;
            try
            {
                publisher.started(
                    instanceId, lease.dagId(), lease.jobIndex(), lease.fencingToken(), agent.epochMs());
                result = handler.handle(context);
                if (null == result)
                {
                    result = JobResult.failure(false, "handler returned no result");
                }
            }
            catch (final Throwable t)
            {
                if (!lease.isCancelled())
                {
                    LOG.debug("Job dag {} job {} token {} threw",
                        lease.dagId(), lease.jobIndex(), lease.fencingToken(), t);
                }
                result = JobResult.failure(true, describe(t));
            }
            finally
            {
                lease.endRun();
            }

            if (lease.isCancelled())
            {
                callbackSent = sendCancelled(publisher, instanceId);
            }
            else if (result.isSuccess())
            {
                final byte[] bytes = result.result();
                if (bytes.length > publisher.maxResultLength())
                {
                    callbackSent = publisher.failed(
                        instanceId,
                        lease.dagId(),
                        lease.jobIndex(),
                        lease.fencingToken(),
                        agent.epochMs(),
                        false,
                        "result of " + bytes.length + " bytes exceeds the limit of " + publisher.maxResultLength());
                }
                else
                {
                    callbackSent = publisher.succeeded(
                        instanceId, lease.dagId(), lease.jobIndex(), lease.fencingToken(), agent.epochMs(), bytes);
                }
            }
            else
            {
                callbackSent = publisher.failed(
                    instanceId,
                    lease.dagId(),
                    lease.jobIndex(),
                    lease.fencingToken(),
                    agent.epochMs(),
                    result.isRetryable(),
                    result.error());
            }
        }
        finally
        {
            agent.onJobFinished(lease, callbackSent);
        }
    }

    private boolean sendCancelled(final NodePublisher publisher, final long instanceId)
    {
        // Not retryable: the node asked for the stop, so it already knows what comes next for the job.
        return publisher.failed(
            instanceId, lease.dagId(), lease.jobIndex(), lease.fencingToken(), agent.epochMs(), false, CANCELLED);
    }

    static String describe(final Throwable t)
    {
        final String message = t.getMessage();
        return null == message || message.isEmpty() ? t.getClass().getName() : message;
    }
}
