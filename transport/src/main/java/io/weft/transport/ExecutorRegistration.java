package io.weft.transport;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an executor instance announced in its Register message.
 *
 * @param instanceId          the executor instance, unique per process start.
 * @param deploymentName      the deployment the instance belongs to.
 * @param owner               who runs it (team or user).
 * @param version             the executor's own version string.
 * @param capabilities        feature names it supports.
 * @param slotsByClass        number of concurrent jobs per executor class.
 * @param replyChannel        the Aeron channel the node publishes to for this instance.
 * @param heartbeatIntervalMs how often the instance promises to heartbeat.
 * @param credential          the executor token it presented (empty if none); never logged.
 */
public record ExecutorRegistration(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    Map<String, Integer> slotsByClass,
    String replyChannel,
    int heartbeatIntervalMs,
    String credential,
    io.weft.transport.executor.ExecutorDeclaration declared)
{
    public ExecutorRegistration(
        final long instanceId, final String deploymentName, final String owner, final String version, final Set<String> capabilities,
        final Map<String, Integer> slotsByClass, final String replyChannel, final int heartbeatIntervalMs, final String credential)
    {
        this(instanceId, deploymentName, owner, version, capabilities, slotsByClass, replyChannel, heartbeatIntervalMs, credential,
            io.weft.transport.executor.ExecutorDeclaration.NONE);
    }

    public ExecutorRegistration(
        final long instanceId, final String deploymentName, final String owner, final String version, final Set<String> capabilities,
        final Map<String, Integer> slotsByClass, final String replyChannel, final int heartbeatIntervalMs)
    {
        this(instanceId, deploymentName, owner, version, capabilities, slotsByClass, replyChannel, heartbeatIntervalMs, "",
            io.weft.transport.executor.ExecutorDeclaration.NONE);
    }

    /** Never prints the credential. */
    @Override
    public String toString()
    {
        return "ExecutorRegistration[instanceId=" + instanceId + ", deploymentName=" + deploymentName + ", slotsByClass=" + slotsByClass
            + ", replyChannel=" + replyChannel + "]";
    }

    public ExecutorRegistration
    {
        Objects.requireNonNull(deploymentName, "deploymentName");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(replyChannel, "replyChannel");
        credential = credential == null ? "" : credential;
        declared = declared == null ? io.weft.transport.executor.ExecutorDeclaration.NONE : declared;
        // Copies so a registration handed to the scheduler core cannot be changed behind its back.
        capabilities = Set.copyOf(capabilities);
        slotsByClass = Map.copyOf(slotsByClass);
    }
}
