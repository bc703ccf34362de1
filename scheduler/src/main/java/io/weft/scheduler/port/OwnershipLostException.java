package io.weft.scheduler.port;

/**
 * Thrown by {@link SchedulerJournal#write} when the grid refused the batch because a newer owner epoch holds some of
 * its DAGs: another node has taken over. Nothing of the batch may leave the node, and the scheduler stops acting.
 */
public final class OwnershipLostException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public OwnershipLostException(final String message)
    {
        super(message);
    }
}
