package io.weft.node.grid;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/** Deletes a finished DAG's definition and answers its reference key (null if it had none or was gone already). */
public final class ReapDefinitionProcessor implements EntryProcessor<Long, DagRecord, String>, IdentifiedDataSerializable
{
    @Override
    public String process(final Map.Entry<Long, DagRecord> entry)
    {
        final DagRecord definition = entry.getValue();
        if (definition == null)
        {
            return null;
        }
        entry.setValue(null);
        return definition.referenceKey();
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.REAP_DEFINITION_PROCESSOR;
    }

    @Override
    public void writeData(final ObjectDataOutput out)
    {
    }

    @Override
    public void readData(final ObjectDataInput in)
    {
    }
}
