package io.weft.scheduler.core;

/**
 * Strict priority, then age, within a class; the instance with the most free slots takes the job. Work that finds
 * no free slot stays in the frontier until a released slot plans the class again: nothing polls.
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
