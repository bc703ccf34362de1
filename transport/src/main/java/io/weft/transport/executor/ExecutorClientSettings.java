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
    Map<String, Integer> threadsByClass,
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

    /** Worker threads of the class: as many as it has slots unless fewer were asked for. */
    int threadsFor(final String executorClass)
    {
        final int slots = slotsByClass.get(executorClass);
        final Integer threads = threadsByClass.get(executorClass);
        return null == threads ? slots : Math.min(slots, threads);
    }

    JobHandler handlerFor(final String executorClass)
    {
        final JobHandler handler = handlersByClass.get(executorClass);
        return null != handler ? handler : defaultHandler;
    }
}
