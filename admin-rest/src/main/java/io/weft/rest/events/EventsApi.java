package io.weft.rest.events;

import java.util.concurrent.CompletionStage;

/**
 * The cluster's event buffer, as the REST bridge reads it: bounded and replicated in the grid (a node implements
 * it), so any node serves the same stream and a client that reconnects resumes where it was while the buffer still
 * holds that position.
 */
public interface EventsApi
{
    /** As an {@code afterId}: start after the newest event held now (a new stream that asked for no position). */
    long FROM_NOW = Long.MIN_VALUE;

    /**
     * Up to {@code max} events with ids after {@code afterId} (-1: from the oldest held; {@link #FROM_NOW}: none,
     * with {@code lastId} the newest held), completing at once, with none when nothing newer exists yet. Never blocks
     * the caller: it may run on a Netty event loop.
     */
    CompletionStage<EventBatch> read(long afterId, int max);

    /** The id of the newest event held, or -1 when there is none. Blocks on the grid: not for an event loop. */
    long newestId();

    /** The id of the oldest event held, or -1 when there is none. Blocks on the grid: not for an event loop. */
    long oldestId();

    /** A stream client was dropped because it did not keep up; counted by the node. */
    void slowClientDropped();
}
