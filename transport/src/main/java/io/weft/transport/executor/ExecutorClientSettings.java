package io.weft.transport.executor;

import java.util.Map;
import java.util.Set;

/**
 * The validated, immutable configuration of one executor client.
 */
record ExecutorClientSettings(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    Map<String, Integer> slotsByClass,
    Map<String, JobHandler> handlersByClass,
    JobHandler defaultHandler,
    int heartbeatIntervalMs,
    int callbackReplayWindowMs,
    String token,
    ExecutorDeclaration declared)
{
    /** Never prints the token. */
    @Override
    public String toString()
    {
        return "ExecutorClientSettings[instanceId=" + instanceId + ", deploymentName=" + deploymentName + ", slots=" + slotsByClass + "]";
    }

    JobHandler handlerFor(final String executorClass)
    {
        final JobHandler handler = handlersByClass.get(executorClass);
        return null != handler ? handler : defaultHandler;
    }
}
