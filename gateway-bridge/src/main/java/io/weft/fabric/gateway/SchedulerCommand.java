package io.weft.fabric.gateway;

/**
 * The optional body of a pause or resume: {@code executorClass} limits it to one class; null means the whole
 * scheduler. Also the answer, which echoes what was accepted.
 */
public record SchedulerCommand(String command, String executorClass)
{
}
