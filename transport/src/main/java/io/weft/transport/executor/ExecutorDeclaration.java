package io.weft.transport.executor;

import java.util.Objects;

/**
 * What an executor instance declares of itself in its Register, for the deployments view: the configuration epoch
 * it runs, the endpoints it serves (comma-separated), its resources ({@code cpu=4,memory-mb=8192,gpu=1}) and its
 * configuration (one {@code name=value} a line; the node masks values whose names look secret).
 */
public record ExecutorDeclaration(long epoch, String endpoints, String resources, String configuration)
{
    public static final ExecutorDeclaration NONE = new ExecutorDeclaration(0, "", "", "");

    public ExecutorDeclaration
    {
        endpoints = Objects.requireNonNullElse(endpoints, "");
        resources = Objects.requireNonNullElse(resources, "");
        configuration = Objects.requireNonNullElse(configuration, "");
    }
}
