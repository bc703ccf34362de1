package io.weft.node.grid;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates Weft's grid records by type id. Identified serialization avoids reflection and class names on the wire,
 * which matters when every ring batch is a grid write. Every member must register this factory.
 */
public final class GridSerializerFactory implements DataSerializableFactory
{
    public static final int FACTORY_ID = 7701;

    static final int DAG_RECORD = 1;
    static final int DAG_RUN_RECORD = 2;
    static final int JOB_DELTA_PROCESSOR = 3;
    static final int DEAD_LETTER_RECORD = 4;
    static final int BATCH_DELTA_PROCESSOR = 5;
    static final int OWNER_EPOCH_RECORD = 6;
    static final int CLAIM_OWNERSHIP_PROCESSOR = 7;
    static final int ADOPT_DAG_PROCESSOR = 8;
    static final int UNOWNED_DAG_PREDICATE = 9;
    static final int DELETE_PROCESSOR = 10;
    static final int REAP_DEFINITION_PROCESSOR = 11;
    static final int RELEASE_REFERENCE_PROCESSOR = 12;
    public static final int EVENT_RECORD = 13;
    static final int JOB_INDEX_QUERY = 14;

    @Override
    public IdentifiedDataSerializable create(final int typeId)
    {
        return switch (typeId)
        {
            case DAG_RECORD -> new DagRecord();
            case DAG_RUN_RECORD -> new DagRunRecord();
            case JOB_DELTA_PROCESSOR -> new JobDeltaProcessor();
            case DEAD_LETTER_RECORD -> new DeadLetterRecord();
            case BATCH_DELTA_PROCESSOR -> new BatchDeltaProcessor();
            case OWNER_EPOCH_RECORD -> new OwnerEpochRecord();
            case CLAIM_OWNERSHIP_PROCESSOR -> new ClaimOwnershipProcessor();
            case ADOPT_DAG_PROCESSOR -> new AdoptDagProcessor();
            case UNOWNED_DAG_PREDICATE -> new UnownedDagPredicate();
            case DELETE_PROCESSOR -> new DeleteProcessor<>();
            case REAP_DEFINITION_PROCESSOR -> new ReapDefinitionProcessor();
            case RELEASE_REFERENCE_PROCESSOR -> new ReleaseReferenceProcessor();
            case EVENT_RECORD -> new io.weft.node.events.EventRecord();
            case JOB_INDEX_QUERY -> new JobIndexQuery();
            default -> null;
        };
    }
}
