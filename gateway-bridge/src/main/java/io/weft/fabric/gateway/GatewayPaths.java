package io.weft.fabric.gateway;

/** The gateway API's paths, shared by the server that serves them and the client that calls them. */
public final class GatewayPaths
{
    public static final String BASE = "/gateway/v1";
    public static final String HEALTH = BASE + "/health";
    public static final String RUNTIME = BASE + "/runtime";
    public static final String TEMPLATES = BASE + "/templates";
    public static final String TEMPLATE = BASE + "/templates/{name}/{version}";
    public static final String SCHEDULER = BASE + "/scheduler";
    public static final String SCHEDULER_PAUSE = BASE + "/scheduler/pause";
    public static final String SCHEDULER_RESUME = BASE + "/scheduler/resume";
    public static final String DEPLOYMENTS = BASE + "/deployments";
    public static final String CAPACITY = BASE + "/capacity";
    public static final String EXECUTIONS = BASE + "/executions";

    private GatewayPaths()
    {
    }
}
