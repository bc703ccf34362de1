package io.weft.fabric.store;

import io.weft.fabric.ExecutionRecord;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.Gateway;
import io.weft.fabric.Publication;
import io.weft.fabric.ValidationReport;

/**
 * The control plane's state: groups, gateways, publications (the intended state of each group), executions and
 * the last validation of each group, and the content of each published template version (keyed as its publication),
 * which a data plane that pulls its intent instead of being pushed to reads.
 */
public record FabricStores(
    RecordStore<FabricGroup> groups,
    RecordStore<Gateway> gateways,
    RecordStore<Publication> publications,
    RecordStore<ExecutionRecord> executions,
    RecordStore<ValidationReport> validations,
    RecordStore<io.weft.fabric.template.TemplateDefinition> definitions)
{
    public static FabricStores inMemory()
    {
        return new FabricStores(
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>(),
            new InMemoryRecordStore<>());
    }
}
