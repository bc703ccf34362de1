package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;

/**
 * The default policy: effective priority = base priority + aging + SLA pressure, with fair sharing between DAGs.
 *
 * <p>At time t a queued job's effective priority is
 * <pre>
 *   E(t) = base * LEVEL_MS + (t - tag) + SLA_WEIGHT * (t - (deadline - HORIZON_MS))
 * </pre>
 * where {@code deadline} is the job's soft deadline (else its hard deadline; a job with neither is given the
 * implicit deadline {@code tag + HORIZON_MS}) and {@code tag} is its fair-share start tag, below. Aging is the
 * {@code (t - tag)} term; SLA pressure is the second: negative while the deadline is far, zero at
 * {@code deadline - HORIZON_MS}, growing as it nears and once it has passed. Every job's E grows at the same rate
 * (1 + SLA_WEIGHT) per ms, so the order of two queued jobs never changes and the rank can be fixed at insertion:
 * rank = E(t) - (1 + SLA_WEIGHT) * t.
 *
 * <p>Fair share: within a class, each DAG has a virtual clock. A job's tag is max(now, the DAG's clock), and the
 * DAG's clock then advances by {@code FAIR_SHARE_QUANTUM_MS}. A DAG that makes 10,000 pages ready at once gets
 * tags spread over the next 10,000 quanta, so a one-job DAG arriving a moment later is tagged near "now" and runs
 * after only a handful of the big DAG's pages: DAGs of equal priority interleave instead of queueing behind each
 * other (start-time fair queueing). A priority level is worth LEVEL_MS of effective time, so a much older job of a
 * lower level eventually overtakes newer work of a higher one: nothing starves.
 */
final class SlaFairRanking implements FrontierRanking
{
    /** One priority level is worth this much effective time (10 s of plain waiting at the combined rate). */
    static final long LEVEL_MS = 30_000;
    /** SLA pressure grows this many times faster than aging. */
    static final long SLA_WEIGHT = 2;
    /** Pressure is zero this long before the deadline; jobs without one get a deadline this long after their tag. */
    static final long HORIZON_MS = 60_000;
    /** Virtual time a DAG's clock advances per queued job in a class: the fair-share unit. */
    static final long FAIR_SHARE_QUANTUM_MS = 1;
    /** Priorities beyond this are treated as this: keeps ranks far from overflow. */
    static final int MAX_LEVEL = 1_000_000;

    private final long originMs;

    SlaFairRanking(final long originMs)
    {
        this.originMs = originMs;
    }

    @Override
    public long rank(final ClassRun run, final int jobIndex, final ClassQueue queue, final long nowMs)
    {
        final long now = nowMs - originMs;
        final long tag = run.nextFairTag(queue.classId(), now, FAIR_SHARE_QUANTUM_MS);
        final DagPlan plan = run.plan;
        final long base = Math.max(-MAX_LEVEL, Math.min(MAX_LEVEL, plan.priority(jobIndex))) * LEVEL_MS;
        final long relativeDeadlineMs = plan.softDeadlineMs(jobIndex) > 0 ? plan.softDeadlineMs(jobIndex) : plan.hardDeadlineMs(jobIndex);
        if (relativeDeadlineMs == 0)
        {
            return base - (1 + SLA_WEIGHT) * tag;
        }
        final long deadline = run.submittedAtEpochMs - originMs + relativeDeadlineMs;
        return base - tag - SLA_WEIGHT * (deadline - HORIZON_MS);
    }
}
