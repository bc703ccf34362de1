package io.weft.rest;

/** The route templates, in one place so the router, the Location header and the tests agree. */
final class RestPaths
{
    static final String DAGS = "/api/v1/dags";
    static final String DAG = "/api/v1/dags/{id}";
    static final String DAG_CANCEL = "/api/v1/dags/{id}/cancel";
    static final String DAG_PAUSE = "/api/v1/dags/{id}/pause";
    static final String DAG_RESUME = "/api/v1/dags/{id}/resume";
    static final String JOB_CANCEL = "/api/v1/dags/{id}/jobs/{jobId}/cancel";
    static final String JOBS = "/api/v1/jobs";
    static final String DEAD_LETTERS = "/api/v1/dead-letters";
    static final String SCHEDULER = "/api/v1/scheduler";
    static final String METRICS = "/api/v1/metrics";
    static final String CLUSTER = "/api/v1/cluster";
    static final String SCHEDULER_PAUSE = "/api/v1/scheduler/pause";
    static final String SCHEDULER_RESUME = "/api/v1/scheduler/resume";
    static final String CLASS_PAUSE = "/api/v1/scheduler/classes/{executorClass}/pause";
    static final String CLASS_RESUME = "/api/v1/scheduler/classes/{executorClass}/resume";
    static final String EXECUTORS = "/api/v1/executors";
    static final String HEALTH = "/health";
    static final String LATENCY = "/api/v1/latency";
    static final String LATENCY_SIGNAL = "/api/v1/latency/{signal}";
    static final String LATENCY_PLOT = "/api/v1/latency/{signal}/plot";
    static final String CAPACITY = "/api/v1/capacity";
    static final String CAPACITY_PLOT = "/api/v1/capacity/plot";
    static final String PROMETHEUS = "/metrics";
    static final String AUDIT = "/api/v1/audit";
    static final String EVENTS = "/api/v1/events";
    /** The hybrid listener's own API, behind its listener token instead of a role token. */
    static final String HYBRID_BASE = "/hybrid/v1";
    static final String HYBRID_INTENT = HYBRID_BASE + "/intent";
    static final String HYBRID_APPLIED = HYBRID_BASE + "/intent/applied";
    static final String HYBRID = "/api/v1/hybrid";
    static final String HYBRID_LISTENER = "/api/v1/hybrid/listeners/{gatewayId}";
    static final String HYBRID_LISTENER_TOKEN = "/api/v1/hybrid/listeners/{gatewayId}/token";
    static final String DEPLOYMENTS = "/api/v1/deployments";
    static final String DEPLOYMENT = "/api/v1/deployments/{name}";
    static final String DEPLOYMENT_RECONCILIATION = "/api/v1/deployments/reconciliation";
    static final String DEPLOYMENT_DESIRED = "/api/v1/deployments/{name}/desired";
    static final String DEPLOYMENT_DRAIN = "/api/v1/deployments/{name}/drain";
    static final String DEPLOYMENT_RESUME = "/api/v1/deployments/{name}/resume";
    static final String DEPLOYMENT_NODE_DRAIN = "/api/v1/deployments/{name}/nodes/{instanceId}/drain";
    static final String DEPLOYMENT_NODE_RESUME = "/api/v1/deployments/{name}/nodes/{instanceId}/resume";

    private RestPaths()
    {
    }
}
