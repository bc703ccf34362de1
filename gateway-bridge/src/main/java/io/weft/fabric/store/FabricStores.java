package io.weft.fabric.store;

import io.weft.fabric.ExecutionRecord;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.Gateway;
import io.weft.fabric.Publication;
import io.weft.fabric.ValidationReport;

/**
 * The control plane's state: groups, gateways, publications (the intended state of each group), executions and
 * the last validation of each group.
 */
public record FabricStores(
    RecordStore<FabricGroup> groups,
    RecordStore<Gateway> gateways,
    RecordStore<Publication> publications,
    RecordStore<ExecutionRecord> executions,
    RecordStore<ValidationReport> validations)
{
    public static FabricStores inMemory()
    {
        return new FabricStores(
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>());
    }
}
