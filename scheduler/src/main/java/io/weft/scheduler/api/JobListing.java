package io.weft.scheduler.api;

/** One job in a listing, with the DAG it belongs to. */
public record JobListing(long dagId, String dagName, JobView job)
{
}
