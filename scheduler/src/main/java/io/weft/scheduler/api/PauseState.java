package io.weft.scheduler.api;

import java.util.Set;

/**
 * What the scheduler is holding back. Paused means no new dispatches; jobs already running finish.
 *
 * @param schedulerPaused the whole scheduler is paused
 * @param pausedClasses   executor classes paused on their own
 */
public record PauseState(boolean schedulerPaused, Set<String> pausedClasses)
{
}
