package io.weft.transport.executor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentCallbacksTest
{
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void replaysOnlyCallbacksSentOnAnOlderLinkGenerationAndOnlyOnce()
    {
        final RecentCallbacks recent = new RecentCallbacks(WINDOW_NS);
        final RecentCallbacks.Entry onOldLink = succeeded(1, 0, 0);
        final RecentCallbacks.Entry onNewLink = succeeded(2, 1, 0);
        recent.record(onOldLink);
        recent.record(onNewLink);

        assertEquals(1, recent.startReplay(1, 0));
        assertTrue(recent.isReplayPending());
        assertSame(onOldLink, recent.nextToReplay());
        recent.replayed(onOldLink);
        assertNull(recent.nextToReplay());
        assertFalse(recent.isReplayPending());

        // Accepted again on the same generation (no switch): nothing left to replay.
        assertEquals(0, recent.startReplay(1, 0));
        // A later switch replays both: either may have been lost with node 1's successor.
        assertEquals(2, recent.startReplay(2, 0));
    }

    @Test
    void aCallbackRecordedAfterTheReplayBeganButSentOnTheOldLinkIsQueuedToo()
    {
        final RecentCallbacks recent = new RecentCallbacks(WINDOW_NS);
        assertEquals(0, recent.startReplay(1, 0));
        assertFalse(recent.isReplayPending());

        final RecentCallbacks.Entry late = succeeded(1, 0, 0);
        recent.record(late);
        assertTrue(recent.isReplayPending());
        assertSame(late, recent.nextToReplay());

        recent.record(succeeded(2, 1, 0));
        assertEquals(1, recent.pendingReplays(), "sent on the current link: nothing to replay");
    }

    @Test
    void keepsCallbacksOnlyWithinTheWindowAndTheCountBound()
    {
        final RecentCallbacks recent = new RecentCallbacks(WINDOW_NS, 3, Long.MAX_VALUE);
        final List<RecentCallbacks.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            final RecentCallbacks.Entry entry = succeeded(i, 0, i);
            entries.add(entry);
            recent.record(entry);
        }
        assertEquals(3, recent.size(), "the oldest go first");
        assertEquals(3, recent.startReplay(1, 5));
        assertSame(entries.get(2), recent.nextToReplay());

        assertEquals(0, recent.startReplay(2, 5 + WINDOW_NS), "all older than the window");
        assertEquals(0, recent.size());
    }

    @Test
    void boundsTheBytesOfResultsKept()
    {
        final RecentCallbacks recent = new RecentCallbacks(WINDOW_NS, 100, 3_000);
        for (int i = 0; i < 5; i++)
        {
            recent.record(RecentCallbacks.Entry.succeeded(i, 0, i, 0, new byte[1_000], 0, 0));
        }
        assertEquals(2, recent.size());
    }

    @Test
    void aZeroWindowKeepsNothing()
    {
        final RecentCallbacks recent = new RecentCallbacks(0);
        recent.record(failed(1, 0));
        assertEquals(0, recent.size());
        assertEquals(0, recent.startReplay(1, 0));
    }

    @Test
    void abandoningAReplayLeavesTheCallbacksForTheNextLink()
    {
        final RecentCallbacks recent = new RecentCallbacks(WINDOW_NS);
        recent.record(failed(1, 0));
        assertEquals(1, recent.startReplay(1, 0));
        assertEquals(1, recent.abandonReplay());
        assertFalse(recent.isReplayPending());
        assertEquals(1, recent.startReplay(2, 0));
    }

    @Test
    void copiesTheResultSinceTheHandlerMayReuseItsBuffer()
    {
        final byte[] buffer = {1, 2, 3};
        final RecentCallbacks.Entry entry = RecentCallbacks.Entry.succeeded(1, 0, 1, 0, buffer, 0, 0);
        buffer[0] = 9;
        assertEquals(1, entry.result()[0]);
    }

    private static RecentCallbacks.Entry succeeded(final long dagId, final long generation, final long sentAtNs)
    {
        return RecentCallbacks.Entry.succeeded(dagId, 0, 7, 100, new byte[0], generation, sentAtNs);
    }

    private static RecentCallbacks.Entry failed(final long dagId, final long generation)
    {
        return RecentCallbacks.Entry.failed(dagId, 0, 7, 100, true, "boom", generation, 0);
    }
}
