package io.weft.scheduler.core;

/**
 * Ranks a job as it enters its class's frontier; the planner takes the highest rank first (ties: older first).
 * A rank is fixed at insertion, so the policy must be one whose order between two queued jobs never changes with
 * the passage of time: then the frontier stays a plain heap and nothing is ever re-sorted or polled. A stage of
 * its own so the policy can be replaced without touching the frontier or the planner.
 */
interface FrontierRanking
{
    long rank(ClassRun run, int jobIndex, ClassQueue queue, long nowMs);
}
