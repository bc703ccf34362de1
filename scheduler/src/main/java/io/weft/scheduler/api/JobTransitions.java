package io.weft.scheduler.api;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.weft.scheduler.api.JobState.CANCELLED;
import static io.weft.scheduler.api.JobState.EXPIRED;
import static io.weft.scheduler.api.JobState.FAILED;
import static io.weft.scheduler.api.JobState.LEASED;
import static io.weft.scheduler.api.JobState.READY;
import static io.weft.scheduler.api.JobState.RETRY_WAIT;
import static io.weft.scheduler.api.JobState.RUNNING;
import static io.weft.scheduler.api.JobState.SKIPPED;
import static io.weft.scheduler.api.JobState.SUCCEEDED;
import static io.weft.scheduler.api.JobState.WAITING;

/**
 * The legal job transitions. The core asks {@link #isLegal} before every change and treats a "no" as a bug:
 * an illegal transition throws, so a test that drives the core into one fails loudly.
 */
public final class JobTransitions
{
    private static final Map<JobState, Set<JobState>> LEGAL = new EnumMap<>(JobState.class);

    static
    {
        LEGAL.put(WAITING, EnumSet.of(READY, SKIPPED, CANCELLED, EXPIRED));
        LEGAL.put(READY, EnumSet.of(LEASED, CANCELLED, EXPIRED));
        // LEASED -> READY: the dispatch met back-pressure and never left, so the attempt does not count.
        // LEASED/RUNNING -> EXPIRED: the attempt failed after the hard deadline, so there is no retry to wait for.
        LEGAL.put(LEASED, EnumSet.of(RUNNING, READY, SUCCEEDED, FAILED, RETRY_WAIT, CANCELLED, EXPIRED));
        LEGAL.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, RETRY_WAIT, CANCELLED, EXPIRED));
        LEGAL.put(RETRY_WAIT, EnumSet.of(READY, CANCELLED, EXPIRED));
        for (final JobState terminal : EnumSet.of(SUCCEEDED, FAILED, SKIPPED, CANCELLED, EXPIRED))
        {
            LEGAL.put(terminal, EnumSet.noneOf(JobState.class));
        }
    }

    private JobTransitions()
    {
    }

    public static boolean isLegal(final JobState from, final JobState to)
    {
        return LEGAL.get(from).contains(to);
    }

    /** States reachable in one step from {@code from}. */
    public static Set<JobState> next(final JobState from)
    {
        return Set.copyOf(LEGAL.get(from));
    }

    public static void check(final JobState from, final JobState to)
    {
        if (!isLegal(from, to))
        {
            throw new IllegalStateException("illegal job transition " + from + " -> " + to);
        }
    }
}
