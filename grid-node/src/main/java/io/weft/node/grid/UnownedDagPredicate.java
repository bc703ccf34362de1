package io.weft.node.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;

import java.io.IOException;
import java.util.Map;

/** Unfinished DAGs last held by an epoch older than the given one: what a new owner must take over. */
public final class UnownedDagPredicate implements Predicate<Long, DagRunRecord>, IdentifiedDataSerializable
{
    private static final long serialVersionUID = 1L;

    private long ownerEpoch;

    public UnownedDagPredicate()
    {
    }

    public UnownedDagPredicate(final long ownerEpoch)
    {
        this.ownerEpoch = ownerEpoch;
    }

    @Override
    public boolean apply(final Map.Entry<Long, DagRunRecord> entry)
    {
        final DagRunRecord record = entry.getValue();
        return record != null && record.ownerEpoch() < ownerEpoch && !record.dagState().isTerminal();
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.UNOWNED_DAG_PREDICATE;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(ownerEpoch);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        ownerEpoch = in.readLong();
    }
}
