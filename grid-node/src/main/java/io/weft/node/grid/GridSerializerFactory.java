package io.weft.node.grid;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates Weft's grid records by type id. Identified serialization avoids reflection and class names on the wire,
 * which matters when every job transition is a grid write. Every member must register this factory.
 */
public final class GridSerializerFactory implements DataSerializableFactory
{
    public static final int FACTORY_ID = 7701;

    static final int DAG_RECORD = 1;
    static final int DAG_STATE_RECORD = 2;
    static final int JOB_KEY = 3;
    static final int JOB_RECORD = 4;
    static final int LEASE_RECORD = 5;
    static final int REMOVE_ENTRY_PROCESSOR = 6;

    @Override
    public IdentifiedDataSerializable create(final int typeId)
    {
        return switch (typeId)
        {
            case DAG_RECORD -> new DagRecord();
            case DAG_STATE_RECORD -> new DagStateRecord();
            case JOB_KEY -> new JobKey();
            case JOB_RECORD -> new JobRecord();
            case LEASE_RECORD -> new LeaseRecord();
            case REMOVE_ENTRY_PROCESSOR -> new RemoveEntryProcessor<>();
            default -> null;
        };
    }
}
