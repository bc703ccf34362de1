package io.weft.scheduler.port;

import io.weft.scheduler.core.JournalBatch;

/**
 * Durable storage for what the core decides. {@link #write(JournalBatch)} is called once at the end of each ring
 * batch, on the core's thread, and must return only when everything in the batch is durable: submissions are
 * acknowledged and dispatches leave only after it returns. One call per batch, never one per job, is what keeps
 * the grid off the per-job cost of the hot path.
 */
public interface SchedulerJournal
{
    void write(JournalBatch batch);
}
