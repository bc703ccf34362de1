package io.weft.fabric;

import java.util.List;

/** What deleting a group did: which gateways moved to their environment's default group. */
public record GroupDeletion(String groupId, List<MovedGateway> movedGateways)
{
    public GroupDeletion
    {
        movedGateways = List.copyOf(movedGateways);
    }
}
