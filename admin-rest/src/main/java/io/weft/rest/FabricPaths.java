package io.weft.rest;

/** The Runtime Fabric control plane's route templates, in one place so routes, Location headers and tests agree. */
final class FabricPaths
{
    static final String BASE = "/api/v1/fabric";
    static final String GROUPS = BASE + "/groups";
    static final String GROUP = GROUPS + "/{groupId}";
    static final String GROUP_GATEWAYS = GROUP + "/gateways";
    static final String GROUP_HEALTH = GROUP + "/health";
    static final String GROUP_VALIDATION = GROUP + "/validation";
    static final String GROUP_PUBLICATIONS = GROUP + "/publications";
    static final String GROUP_DRIFT = GROUP + "/drift";
    static final String GROUP_PAUSE = GROUP + "/scheduler/pause";
    static final String GROUP_RESUME = GROUP + "/scheduler/resume";
    static final String GROUP_EXECUTIONS = GROUP + "/executions";
    static final String EXECUTIONS = BASE + "/executions";
    static final String EXECUTION = EXECUTIONS + "/{executionId}";
    static final String GATEWAYS = BASE + "/gateways";
    static final String GATEWAY = GATEWAYS + "/{gatewayId}";
    static final String GATEWAY_HEALTH_CHECK = GATEWAY + "/health-check";
    /** Read-only views of one gateway's API, fetched through the control plane (which holds the token). */
    static final String GATEWAY_RUNTIME = GATEWAY + "/runtime";
    static final String GATEWAY_TEMPLATES = GATEWAY + "/templates";
    static final String GATEWAY_DEPLOYMENTS = GATEWAY + "/deployments";
    static final String GATEWAY_CAPACITY = GATEWAY + "/capacity";
    static final String GATEWAY_SCHEDULER = GATEWAY + "/scheduler";

    private FabricPaths()
    {
    }

    static String group(final String groupId)
    {
        return GROUPS + "/" + groupId;
    }

    static String gateway(final String gatewayId)
    {
        return GATEWAYS + "/" + gatewayId;
    }

    static String execution(final String executionId)
    {
        return EXECUTIONS + "/" + executionId;
    }
}
