package io.weft.rest.events;

import java.util.List;

/**
 * What one read of the event buffer returned: the events in id order, the id to read after next time
 * ({@code lastId}, which moves past events a filter drops too), and, where the buffer no longer held what was asked
 * for, the ids that are gone ({@code lostFrom}..{@code lostTo}, both -1 when nothing was lost). {@code reset} says
 * the buffer is behind the position asked for: the cluster that held it stopped, and ids started again.
 */
public record EventBatch(List<EventItem> events, long lastId, long lostFrom, long lostTo, boolean reset)
{
    public boolean lostSome()
    {
        return lostFrom >= 0;
    }
}
