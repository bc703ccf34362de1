package io.weft.scheduler.core;

/**
 * Takes the frontier's best-ranked jobs (see {@link SlaFairRanking}) while the class has free slots; the instance
 * with the most free slots takes each. Work that finds no free slot stays in the frontier until a released slot
 * plans the class again: nothing polls. A job of a paused DAG that reaches the head is parked in its DAG, not
 * dispatched, so a paused DAG never holds up the rest of its class.
 */
final class PriorityDispatchPlanner implements DispatchPlanner
{
    @Override
    public int plan(final ClassQueue queue, final LeaseIssuer issuer)
    {
        int planned = 0;
        final ReadyFrontier frontier = queue.frontier;
        while (queue.freeSlots() > 0 && frontier.poll())
        {
            final ClassRun run = frontier.polledRun();
            if (run.paused)
            {
                // Set aside with its place in the queue; resuming the DAG puts it back exactly there.
                run.park(frontier.polledJobIndex(), frontier.polledRank(), frontier.polledSequence());
                continue;
            }
            issuer.lease(run, frontier.polledJobIndex(), queue.reserve());
            planned++;
        }
        return planned;
    }
}
