package io.weft.rest;

/**
 * Executor deployments: instances grouped by the deployment name they register with. The node implements it; the
 * REST bridge serves it on the scheduler's owner, to which executors are linked. An unknown deployment or node
 * throws {@link java.util.NoSuchElementException} (404).
 */
public interface DeploymentsApi
{
    /** {@code GET /api/v1/deployments}: totals and one row per deployment. */
    Object overview();

    /** {@code GET /api/v1/deployments/{name}}: the deployment and every node of it. */
    Object deployment(String name);

    /**
     * Drains ({@code drain}) or resumes every live node of the deployment, or only {@code instanceId}; false when the
     * scheduler's queue is full.
     */
    boolean drain(String name, Long instanceId, boolean drain);
}
