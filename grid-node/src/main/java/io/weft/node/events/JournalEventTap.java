package io.weft.node.events;

import io.weft.rest.events.EventSeverity;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;
import io.weft.scheduler.core.JournalBatch;
import io.weft.scheduler.port.SchedulerJournal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns each journal batch, once it is durable, into events: the journal already sees every DAG and job change on
 * the core's thread, once per batch, so the events cost one pass over the batch and one queue offer, not a call per
 * job. A batch the grid refused (a fenced owner) throws before the tap looks at it, so no event tells of a change
 * that did not happen. Routine job changes are counted per DAG for {@link EventPublisher} to add up.
 */
public final class JournalEventTap implements SchedulerJournal
{
    private final SchedulerJournal journal;
    private final EventPublisher publisher;
    static final int STATES = JobState.values().length;
    private static final String[] DAG_TYPES = java.util.Arrays.stream(DagState.values())
        .map(state -> "dag." + state.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    public JournalEventTap(final SchedulerJournal journal, final EventPublisher publisher)
    {
        this.journal = journal;
        this.publisher = publisher;
    }

    @Override
    public void write(final JournalBatch batch)
    {
        journal.write(batch);
        if (batch.isEmpty())
        {
            return;
        }
        final long nowMs = System.currentTimeMillis();
        final List<DagEvent> events = new ArrayList<>();
        final List<JobEvent> jobEvents = new ArrayList<>();
        for (int i = 0; i < batch.createdDagCount(); i++)
        {
            final DagPlan plan = batch.createdDagPlan(i);
            events.add(new DagEvent(nowMs, "dag.accepted", EventSeverity.INFO, batch.createdDagId(i), plan.name(), plan.jobCount(),
                plan.submittedBy(), null));
        }
        // Routine changes are counted here, per run of consecutive changes of one DAG (a batch lists a DAG's changes
        // mostly together), so the publisher handles one entry per DAG and batch rather than one per job.
        final int jobs = batch.jobCount();
        long[] dagIds = new long[4];
        int[] counts = new int[4 * STATES];
        int runs = 0;
        long currentDag = 0;
        for (int i = 0; i < jobs; i++)
        {
            final JobState state = batch.jobState(i);
            final EventSeverity severity = switch (state)
            {
                case FAILED -> EventSeverity.ERROR;
                case RETRY_WAIT, SKIPPED, EXPIRED -> EventSeverity.WARNING;
                case CANCELLED -> EventSeverity.INFO;
                default -> null;
            };
            final long dagId = batch.jobDagId(i);
            if (severity == null)
            {
                if (runs == 0 || dagId != currentDag)
                {
                    if (runs == dagIds.length)
                    {
                        dagIds = java.util.Arrays.copyOf(dagIds, runs * 2);
                        counts = java.util.Arrays.copyOf(counts, runs * 2 * STATES);
                    }
                    dagIds[runs++] = dagId;
                    currentDag = dagId;
                }
                counts[(runs - 1) * STATES + state.ordinal()]++;
            }
            else
            {
                // Only references here: the payload is written on the publisher's thread, after its rate limit.
                jobEvents.add(new JobEvent(nowMs, state, severity, dagId, batch.jobId(i), batch.jobExecutorClass(i),
                    batch.jobAttempts(i), batch.jobError(i)));
            }
        }
        // After the jobs: a DAG that ended in this batch ends after its last job's event.
        for (int i = 0; i < batch.dagStateCount(); i++)
        {
            final DagState state = batch.dagState(i);
            if (state == DagState.PENDING)
            {
                continue; // told by dag.accepted
            }
            final boolean cancelling = batch.dagCancelled(i) && !state.isTerminal();
            final String type = cancelling ? "dag.cancelling" : DAG_TYPES[state.ordinal()];
            events.add(new DagEvent(nowMs, type, state == DagState.FAILED ? EventSeverity.ERROR : EventSeverity.INFO, batch.dagId(i),
                null, 0, null, state.name()));
        }
        publisher.publishTransitions(new JobTransitions(dagIds, counts, runs, jobEvents, events));
    }
}
