package io.weft.fabric.gateway;

import java.util.List;

/** The answer of {@code GET /gateway/v1/scheduler}: what the node's scheduler holds back, as it last published. */
public record SchedulerState(boolean paused, List<String> pausedClasses)
{
    public SchedulerState
    {
        pausedClasses = pausedClasses == null ? List.of() : pausedClasses.stream().sorted().toList();
    }
}
