package io.weft.node.events;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.weft.node.grid.GridSerializerFactory;
import io.weft.rest.events.EventItem;
import io.weft.rest.events.EventSeverity;

import java.io.IOException;

/** One event as the grid's event buffer holds it; its id is its sequence in the buffer, given when it is read. */
public final class EventRecord implements IdentifiedDataSerializable
{
    private long atEpochMs;
    private String type;
    private int severity;
    private long dagId;
    private String jobId;
    private String deployment;
    private String gateway;
    private String group;
    private String node;
    private String payloadJson;

    public EventRecord()
    {
    }

    /** {@code dagId} 0: the event concerns no DAG. */
    public EventRecord(
        final long atEpochMs, final String type, final EventSeverity severity, final long dagId, final String jobId,
        final String deployment, final String gateway, final String group, final String node, final String payloadJson)
    {
        this.atEpochMs = atEpochMs;
        this.type = type;
        this.severity = severity.ordinal();
        this.dagId = dagId;
        this.jobId = jobId;
        this.deployment = deployment;
        this.gateway = gateway;
        this.group = group;
        this.node = node;
        this.payloadJson = payloadJson;
    }

    public EventItem toItem(final long id)
    {
        return new EventItem(id, atEpochMs, type, EventSeverity.fromCode(severity), dagId == 0 ? null : Long.toString(dagId), jobId,
            deployment, gateway, group, node, payloadJson);
    }

    public String type()
    {
        return type;
    }

    public long dagId()
    {
        return dagId;
    }

    @Override
    public int getFactoryId()
    {
        return GridSerializerFactory.FACTORY_ID;
    }

    @Override
    public int getClassId()
    {
        return GridSerializerFactory.EVENT_RECORD;
    }

    @Override
    public void writeData(final ObjectDataOutput out) throws IOException
    {
        out.writeLong(atEpochMs);
        out.writeString(type);
        out.writeByte(severity);
        out.writeLong(dagId);
        out.writeString(jobId);
        out.writeString(deployment);
        out.writeString(gateway);
        out.writeString(group);
        out.writeString(node);
        out.writeString(payloadJson);
    }

    @Override
    public void readData(final ObjectDataInput in) throws IOException
    {
        atEpochMs = in.readLong();
        type = in.readString();
        severity = in.readByte();
        dagId = in.readLong();
        jobId = in.readString();
        deployment = in.readString();
        gateway = in.readString();
        group = in.readString();
        node = in.readString();
        payloadJson = in.readString();
    }

    @Override
    public String toString()
    {
        return "EventRecord{" + type + ", dag=" + dagId + ", job=" + jobId + ", " + payloadJson + '}';
    }
}
