package io.weft.node;

import io.weft.scheduler.port.DispatchSender;
import io.weft.transport.ExecutorLinkAgent;

import java.util.function.LongConsumer;

/**
 * The scheduler's way out, over the executors' Aeron links. The link starts after the scheduler exists (it needs
 * somewhere to deliver to), so it is attached late; until then every send reports back-pressure.
 */
final class AeronDispatchSender implements DispatchSender
{
    private volatile ExecutorLinkAgent link;
    private final LongConsumer onForget;

    /** @param onForget told of every instance the core gave up on (it no longer needs to be found by a new owner) */
    AeronDispatchSender(final LongConsumer onForget)
    {
        this.onForget = onForget;
    }

    void attach(final ExecutorLinkAgent link)
    {
        this.link = link;
    }

    @Override
    public boolean sendDispatch(
        final long instanceId,
        final long dagId,
        final int jobIndex,
        final int attempt,
        final long fencingToken,
        final long deadlineEpochMs,
        final String executorClass,
        final String jobId,
        final byte[] payload)
    {
        final ExecutorLinkAgent link = this.link;
        return link != null && link.sendDispatch(instanceId, dagId, jobIndex, attempt, fencingToken, deadlineEpochMs, executorClass, jobId, payload);
    }

    @Override
    public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long fencingToken)
    {
        final ExecutorLinkAgent link = this.link;
        return link != null && link.sendCancel(instanceId, dagId, jobIndex, fencingToken);
    }

    @Override
    public void forget(final long instanceId)
    {
        final ExecutorLinkAgent link = this.link;
        if (link != null)
        {
            link.forget(instanceId);
        }
        onForget.accept(instanceId);
    }
}
