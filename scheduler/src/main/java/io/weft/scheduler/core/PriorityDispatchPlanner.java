package io.weft.scheduler.core;

/**
 * Takes the frontier's best-ranked jobs (see {@link SlaFairRanking}) while the class has free slots; the instance
 * with the most free slots takes each. Work that finds no free slot stays in the frontier until a released slot
 * plans the class again: nothing polls.
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
            issuer.lease(frontier.polledRun(), frontier.polledJobIndex(), queue.reserve());
            planned++;
        }
        return planned;
    }
}
