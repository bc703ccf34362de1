package io.weft.fabric;

import java.time.Instant;

/**
 * A template executed against a group: the group that was asked for and the gateway it resolved to, so the work
 * can be traced to the concrete cluster that runs it.
 *
 * @param dagId the DAG id the gateway assigned (a decimal string, like every 64-bit id in the API)
 */
public record ExecutionRecord(
    String executionId,
    String groupId,
    String gatewayId,
    String template,
    String version,
    String dagId,
    Instant createdAt)
{
}
