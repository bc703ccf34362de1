package io.weft.transport.executor;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The terminal callbacks (Succeeded, Failed) this executor sent recently, kept so that they can go again to the
 * node that accepts the executor after its link moved or was lost.
 * <p>
 * Why: an offer that succeeds only puts the callback in the publication's log. A job that finishes while its node
 * is already dead, but before the executor's driver notices (the node-loss timeout), has its callback "sent" into
 * nothing; the job is no longer in flight, so no heartbeat lists it, and the new owner's adopted lease would expire
 * and the job run again. Replayed to the new node, the callback completes the adopted lease. One the old node did
 * take finds its lease gone at the new one and is counted there as stale: a replay is harmless.
 * <p>
 * Each entry remembers the generation of the {@link NodeLink} it was last sent on. A replay for generation G sends
 * those from older generations, once, and stamps them G; a callback recorded after that replay began but sent on
 * an older generation (a worker whose offer landed just before the switch) is queued for replay as well.
 * <p>
 * Bounded by count, by the bytes of results and error texts held, and by age (the window); the oldest go first.
 * Thread-safe: workers record, the agent replays; one lock, held briefly.
 */
final class RecentCallbacks
{
    /** Callbacks kept at most, whatever their age. */
    static final int MAX_ENTRIES = 4096;

    /** Result and error bytes kept at most, so large results cannot pile up within the window. */
    static final long MAX_RETAINED_BYTES = 32L * 1024 * 1024;

    /** Per entry besides its result or error text, roughly, for the byte bound. */
    private static final int ENTRY_OVERHEAD_BYTES = 64;

    private static final byte[] NO_RESULT = new byte[0];

    enum Kind
    {
        SUCCEEDED, FAILED
    }

    /**
     * One sent terminal callback and the lease it closes.
     */
    static final class Entry
    {
        private final Kind kind;
        private final long dagId;
        private final int jobIndex;
        private final long fencingToken;
        private final long finishedAtEpochMs;
        private final byte[] result;
        private final boolean retryable;
        private final String error;
        private final long sentAtNs;
        private long generation;

        private Entry(
            final Kind kind,
            final long dagId,
            final int jobIndex,
            final long fencingToken,
            final long finishedAtEpochMs,
            final byte[] result,
            final boolean retryable,
            final String error,
            final long generation,
            final long sentAtNs)
        {
            this.kind = kind;
            this.dagId = dagId;
            this.jobIndex = jobIndex;
            this.fencingToken = fencingToken;
            this.finishedAtEpochMs = finishedAtEpochMs;
            this.result = result;
            this.retryable = retryable;
            this.error = error;
            this.generation = generation;
            this.sentAtNs = sentAtNs;
        }

        /**
         * @param result copied: the handler may reuse its buffer once the callback is sent.
         */
        static Entry succeeded(
            final long dagId,
            final int jobIndex,
            final long fencingToken,
            final long finishedAtEpochMs,
            final byte[] result,
            final long generation,
            final long sentAtNs)
        {
            return new Entry(Kind.SUCCEEDED, dagId, jobIndex, fencingToken, finishedAtEpochMs,
                0 == result.length ? NO_RESULT : result.clone(), false, "", generation, sentAtNs);
        }

        static Entry failed(
            final long dagId,
            final int jobIndex,
            final long fencingToken,
            final long finishedAtEpochMs,
            final boolean retryable,
            final String error,
            final long generation,
            final long sentAtNs)
        {
            return new Entry(Kind.FAILED, dagId, jobIndex, fencingToken, finishedAtEpochMs,
                NO_RESULT, retryable, error, generation, sentAtNs);
        }

        Kind kind()
        {
            return kind;
        }

        long dagId()
        {
            return dagId;
        }

        int jobIndex()
        {
            return jobIndex;
        }

        long fencingToken()
        {
            return fencingToken;
        }

        long finishedAtEpochMs()
        {
            return finishedAtEpochMs;
        }

        byte[] result()
        {
            return result;
        }

        boolean retryable()
        {
            return retryable;
        }

        String error()
        {
            return error;
        }

        private long retainedBytes()
        {
            return ENTRY_OVERHEAD_BYTES + result.length + 2L * error.length();
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final ArrayDeque<Entry> pendingReplay = new ArrayDeque<>();
    private final int maxEntries;
    private final long maxRetainedBytes;
    private final long windowNs;
    private long retainedBytes;
    private long replayGeneration = -1;
    private volatile boolean replayPending;

    /**
     * @param windowNs how long a sent callback stays eligible for replay; 0 keeps none.
     */
    RecentCallbacks(final long windowNs)
    {
        this(windowNs, MAX_ENTRIES, MAX_RETAINED_BYTES);
    }

    RecentCallbacks(final long windowNs, final int maxEntries, final long maxRetainedBytes)
    {
        this.windowNs = windowNs;
        this.maxEntries = maxEntries;
        this.maxRetainedBytes = maxRetainedBytes;
    }

    boolean isEnabled()
    {
        return windowNs > 0 && maxEntries > 0;
    }

    /**
     * Keep a callback just sent. Any thread.
     */
    synchronized void record(final Entry entry)
    {
        if (!isEnabled())
        {
            return;
        }
        entries.addLast(entry);
        retainedBytes += entry.retainedBytes();
        if (entry.generation < replayGeneration)
        {
            // Sent on a link the executor has since left, and the replay to the current one has begun without it.
            pendingReplay.addLast(entry);
            replayPending = true;
        }
        evict(entry.sentAtNs);
    }

    /**
     * Queue for replay every callback still in the window that was last sent on a generation older than
     * {@code generation}, the link the executor was just accepted on. Replaces any replay still queued.
     *
     * @return the number queued.
     */
    synchronized int startReplay(final long generation, final long nowNs)
    {
        evict(nowNs);
        replayGeneration = generation;
        pendingReplay.clear();
        for (final Entry entry : entries)
        {
            if (entry.generation < generation)
            {
                pendingReplay.addLast(entry);
            }
        }
        replayPending = !pendingReplay.isEmpty();
        return pendingReplay.size();
    }

    /**
     * @return true while callbacks wait to be replayed. Any thread, no lock.
     */
    boolean isReplayPending()
    {
        return replayPending;
    }

    /**
     * @return the link generation replays are for: that of the last {@link #startReplay}.
     */
    synchronized long replayGeneration()
    {
        return replayGeneration;
    }

    /**
     * @return the next callback to replay, left queued until {@link #replayed}; null when none.
     */
    synchronized Entry nextToReplay()
    {
        return pendingReplay.peekFirst();
    }

    /**
     * The head of the queue went out on the current replay generation (or cannot go at all): dequeue it.
     */
    synchronized void replayed(final Entry entry)
    {
        if (pendingReplay.peekFirst() == entry)
        {
            pendingReplay.pollFirst();
        }
        entry.generation = Math.max(entry.generation, replayGeneration);
        replayPending = !pendingReplay.isEmpty();
    }

    /**
     * Drop what is still queued; the entries stay, so the next acceptance on a newer generation replays them.
     *
     * @return the number dropped from the queue.
     */
    synchronized int abandonReplay()
    {
        final int dropped = pendingReplay.size();
        pendingReplay.clear();
        replayPending = false;
        return dropped;
    }

    synchronized int size()
    {
        return entries.size();
    }

    synchronized int pendingReplays()
    {
        return pendingReplay.size();
    }

    private void evict(final long nowNs)
    {
        for (final Iterator<Entry> it = entries.iterator(); it.hasNext(); )
        {
            final Entry oldest = it.next();
            if (entries.size() > maxEntries || retainedBytes > maxRetainedBytes || nowNs - oldest.sentAtNs > windowNs)
            {
                it.remove();
                retainedBytes -= oldest.retainedBytes();
            }
            else
            {
                break;
            }
        }
    }
}
