package io.weft.fabric.control;

import java.util.Map;

/**
 * Told when a fabric operation completes: {@code kind} is validation, publication, drift, fan-out or execution;
 * {@code ok} says whether it fully succeeded (a healthy group, every gateway reached, no drift). Called on a fabric
 * worker thread; it must not block.
 */
@FunctionalInterface
public interface FabricOperationListener
{
    FabricOperationListener NONE = (kind, groupId, gatewayId, ok, summary) -> { };

    void completed(String kind, String groupId, String gatewayId, boolean ok, Map<String, Object> summary);
}
