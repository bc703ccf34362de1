package io.weft.fabric.gateway;

/** A gateway's answer to an execution: the DAG it submitted (durable by then) and where to read it on that node. */
public record ExecutionAccepted(String dagId, String location)
{
}
