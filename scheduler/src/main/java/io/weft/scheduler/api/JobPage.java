package io.weft.scheduler.api;

import java.util.List;

/** One page of a job listing: {@code total} matches, of which {@code jobs} starts at {@code offset}. */
public record JobPage(long total, int offset, int limit, List<JobListing> jobs)
{
}
