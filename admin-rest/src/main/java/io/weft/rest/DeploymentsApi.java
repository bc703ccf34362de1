package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Executor deployments: instances grouped by the deployment name they register with, their desired states, and the
 * reconciliation of the two. The node implements it; the views of what runs are served on the scheduler's owner, to
 * which executors are linked. An unknown deployment or node throws {@link java.util.NoSuchElementException} (404); a
 * desired state that is not valid throws {@link IllegalArgumentException} (400).
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

    /** {@code GET /api/v1/deployments/reconciliation}: desired against actual, per deployment. */
    Object reconciliation();

    /** {@code GET /api/v1/deployments/{name}/desired}. */
    Object desired(String name);

    /** {@code PUT /api/v1/deployments/{name}/desired}, by {@code principal}; the stored state and whether it is new. */
    DesiredChange putDesired(String name, JsonNode body, String principal);

    /** {@code DELETE /api/v1/deployments/{name}/desired}; false if there was none. */
    boolean deleteDesired(String name, String principal);

    /** A desired state as stored, and whether it replaced none. */
    record DesiredChange(Object view, boolean created)
    {
    }
}
