package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hybrid operation: a data plane (a gateway cluster) pulls its intent from its control plane with a listener
 * credential, applies it, and reports back. The control-plane side serves {@code /hybrid/v1}, which authenticates
 * the listener's token itself (the bridge's role tokens do not apply), and issues listener tokens; the data-plane
 * side reports its listener's state. A missing or unknown listener token throws {@link SecurityException} (401);
 * an unknown gateway {@link java.util.NoSuchElementException} (404).
 */
public interface HybridApi
{
    /** {@code GET /hybrid/v1/intent}: what the data plane holding this listener token should run. */
    Object intent(String listenerToken);

    /** {@code POST /hybrid/v1/intent/applied}: what it applied; returns the stored report. */
    Object applied(String listenerToken, JsonNode report);

    /** {@code POST /api/v1/hybrid/listeners/{gatewayId}/token}: a new listener token, shown once; replaces the old. */
    Object issueToken(String gatewayId, String principal);

    /** {@code GET /api/v1/hybrid/listeners/{gatewayId}}: the gateway's listener, as last reported. */
    Object listener(String gatewayId);

    /** {@code GET /api/v1/hybrid}: this node's own listener, if it runs one. */
    Object localListener();
}
