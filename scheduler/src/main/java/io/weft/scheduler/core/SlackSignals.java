package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.ClassRecorders;

/** How close a job is to its deadlines at a moment (dispatch, finish): the SLA pressure signals, in one place. */
final class SlackSignals
{
    private static final LatencySignal[] SIGNALS = LatencySignal.values();

    private SlackSignals()
    {
    }

    /**
     * The SLA pressure signals at {@code nowEpochMs}: time left to each deadline the job has, recorded as the slack
     * signal when it is kept and as the matching miss signal when it is past. {@code softSlack} and
     * {@code hardSlack} name the slack signals of the moment; each miss signal follows its slack signal.
     */
    static void record(
        final ClassRecorders signals,
        final DagPlan plan,
        final long submittedAtEpochMs,
        final int job,
        final long nowEpochMs,
        final LatencySignal softSlack,
        final LatencySignal hardSlack)
    {
        if (plan.softDeadlineMs(job) > 0)
        {
            recordOne(signals, softSlack, submittedAtEpochMs + plan.softDeadlineMs(job) - nowEpochMs);
        }
        if (plan.hardDeadlineMs(job) > 0)
        {
            recordOne(signals, hardSlack, submittedAtEpochMs + plan.hardDeadlineMs(job) - nowEpochMs);
        }
    }

    private static void recordOne(final ClassRecorders signals, final LatencySignal slack, final long slackMs)
    {
        if (slackMs >= 0)
        {
            signals.record(slack, slackMs * 1_000_000L);
        }
        else
        {
            signals.record(SIGNALS[slack.ordinal() + 1], -slackMs * 1_000_000L);
        }
    }
}
