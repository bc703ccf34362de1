package io.weft.scheduler.core;

/**
 * Chooses what runs next in one executor class: pairs the frontier's best jobs with free slots. A stage of its own
 * so the policy can be replaced without touching how leases are issued or journaled.
 */
interface DispatchPlanner
{
    /** Plans as many dispatches as the class has both ready work and free slots for; returns how many. */
    int plan(ClassQueue queue, LeaseIssuer issuer);

    /** The core's side of a plan: reserve-then-lease is one step, taken by the single writer. */
    interface LeaseIssuer
    {
        void lease(ClassRun run, int jobIndex, ExecutorSlots slots);
    }
}
