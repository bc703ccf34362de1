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
 */
public record ExecutorRegistration(
    long instanceId,
    String deploymentName,
    String owner,
    String version,
    Set<String> capabilities,
    Map<String, Integer> slotsByClass,
    String replyChannel,
    int heartbeatIntervalMs)
{
    public ExecutorRegistration
    {
        Objects.requireNonNull(deploymentName, "deploymentName");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(replyChannel, "replyChannel");
        // Copies so a registration handed to the scheduler core cannot be changed behind its back.
        capabilities = Set.copyOf(capabilities);
        slotsByClass = Map.copyOf(slotsByClass);
    }
}
