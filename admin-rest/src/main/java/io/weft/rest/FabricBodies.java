package io.weft.rest;

import io.weft.fabric.ExecutionRecord;
import io.weft.fabric.GatewayView;
import io.weft.fabric.GroupView;
import io.weft.fabric.Publication;

import java.util.List;

/**
 * The list envelopes of the Runtime Fabric API. Single resources are the fabric's own records (see
 * {@code io.weft.fabric}), written as they are; docs/api/openapi.yaml documents both field for field.
 */
final class FabricBodies
{
    private FabricBodies()
    {
    }

    record GroupList(List<GroupView> groups)
    {
    }

    record GatewayList(List<GatewayView> gateways)
    {
    }

    record PublicationList(List<Publication> publications)
    {
    }

    record ExecutionList(List<ExecutionRecord> executions)
    {
    }
}
