package io.weft.rest;

/** The route templates, in one place so the router, the Location header and the tests agree. */
final class RestPaths
{
    static final String DAGS = "/api/v1/dags";
    static final String DAG = "/api/v1/dags/{id}";
    static final String EXECUTORS = "/api/v1/executors";
    static final String HEALTH = "/health";

    private RestPaths()
    {
    }
}
