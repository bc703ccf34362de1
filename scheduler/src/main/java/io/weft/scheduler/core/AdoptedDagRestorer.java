package io.weft.scheduler.core;

import io.weft.scheduler.api.AdoptedDag;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagState;
import io.weft.scheduler.api.JobState;

/**
 * Rebuilds the live state of a DAG an earlier owner left in the grid: every job's state, attempts, lease and times,
 * and the counts derived from them (unfinished and failed jobs, parents still to succeed). What the restored jobs
 * then need (a frontier, a timer, a lease kept) is the {@link DagOwner}'s to decide.
 */
final class AdoptedDagRestorer
{
    private AdoptedDagRestorer()
    {
    }

    static DagRun restore(final AdoptedDag adopted, final ClassQueue[] jobQueues, final long nowMs, final long nowNs)
    {
        final DagPlan plan = adopted.plan();
        final int n = plan.jobCount();
        final long submittedAtNs = nowNs - Math.max(0, nowMs - adopted.submittedAtEpochMs()) * 1_000_000L;
        final DagRun run = new DagRun(adopted.dagId(), plan, jobQueues, adopted.submittedAtEpochMs(), submittedAtNs);
        run.cancelled = adopted.cancelled();
        if (adopted.state() == DagState.PAUSED)
        {
            run.paused = true;
            run.stateBeforePause = anyAttempted(adopted) ? DagState.RUNNING : DagState.PENDING;
        }
        run.restoreState(adopted.state());
        for (int job = 0; job < n; job++)
        {
            final JobState state = adopted.jobStates()[job];
            run.restoreJobState(job, state);
            run.attempts[job] = adopted.attempts()[job];
            run.fencingTokens[job] = adopted.fencingTokens()[job];
            run.executorIds[job] = adopted.executorIds()[job];
            run.readyAtEpochMs[job] = adopted.readyAtEpochMs()[job];
            run.dispatchedAtEpochMs[job] = adopted.dispatchedAtEpochMs()[job];
            run.startedAtEpochMs[job] = adopted.startedAtEpochMs()[job];
            run.finishedAtEpochMs[job] = adopted.finishedAtEpochMs()[job];
            if (adopted.errors() != null && adopted.errors()[job] != null)
            {
                run.error(job, adopted.errors()[job]);
            }
            run.cancelRequested[job] = adopted.cancelRequested() != null && adopted.cancelRequested()[job] && state.holdsLease();
            if (state.isTerminal())
            {
                run.unfinishedJobs--;
                if (state == JobState.FAILED || state == JobState.SKIPPED || state == JobState.EXPIRED
                    || (state == JobState.CANCELLED && !run.cancelled))
                {
                    run.failedJobs++;
                }
                if (state == JobState.SUCCEEDED)
                {
                    for (final int child : plan.children(job))
                    {
                        run.remainingParents[child]--;
                    }
                }
            }
        }
        return run;
    }

    /** A DAG is RUNNING from its first lease on, even one whose dispatch was pushed back and not counted as an attempt. */
    private static boolean anyAttempted(final AdoptedDag adopted)
    {
        for (int job = 0; job < adopted.attempts().length; job++)
        {
            if (adopted.attempts()[job] > 0 || adopted.dispatchedAtEpochMs()[job] > 0)
            {
                return true;
            }
        }
        return false;
    }
}
