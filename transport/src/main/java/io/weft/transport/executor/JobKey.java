package io.weft.transport.executor;

/**
 * A job's identity across its attempts, for fencing and the in-flight table.
 */
record JobKey(long dagId, int jobIndex)
{
}
