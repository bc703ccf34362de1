package io.weft.fabric;

import java.util.List;

/**
 * The result of sending one scheduler command to every enabled gateway of a group.
 *
 * @param command       {@code pause} or {@code resume}
 * @param executorClass the class the command was limited to, or null for the whole scheduler
 */
public record FanOutResult(
    String groupId,
    String command,
    String executorClass,
    Aggregate aggregate,
    int succeeded,
    int failed,
    List<GatewayOutcome> outcomes)
{
    public static FanOutResult of(
        final String groupId, final String command, final String executorClass, final List<GatewayOutcome> outcomes)
    {
        final int succeeded = (int)outcomes.stream().filter(GatewayOutcome::succeeded).count();
        return new FanOutResult(
            groupId, command, executorClass, Aggregate.of(outcomes), succeeded, outcomes.size() - succeeded, List.copyOf(outcomes));
    }
}
