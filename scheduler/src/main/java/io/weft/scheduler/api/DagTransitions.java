package io.weft.scheduler.api;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.weft.scheduler.api.DagState.CANCELLED;
import static io.weft.scheduler.api.DagState.FAILED;
import static io.weft.scheduler.api.DagState.PAUSED;
import static io.weft.scheduler.api.DagState.PENDING;
import static io.weft.scheduler.api.DagState.RUNNING;
import static io.weft.scheduler.api.DagState.SUCCEEDED;

/** The legal DAG transitions (docs/state-machines.md). The core checks every change and throws on any other. */
public final class DagTransitions
{
    private static final Map<DagState, Set<DagState>> LEGAL = new EnumMap<>(DagState.class);

    static
    {
        // PENDING -> FAILED / CANCELLED: every job expired or was cancelled before one was leased.
        LEGAL.put(PENDING, EnumSet.of(RUNNING, PAUSED, FAILED, CANCELLED));
        LEGAL.put(RUNNING, EnumSet.of(PAUSED, SUCCEEDED, FAILED, CANCELLED));
        // PAUSED ends when its running jobs finish and nothing else is left (or it is cancelled meanwhile).
        LEGAL.put(PAUSED, EnumSet.of(PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED));
        for (final DagState terminal : EnumSet.of(SUCCEEDED, FAILED, CANCELLED))
        {
            LEGAL.put(terminal, EnumSet.noneOf(DagState.class));
        }
    }

    private DagTransitions()
    {
    }

    public static boolean isLegal(final DagState from, final DagState to)
    {
        return LEGAL.get(from).contains(to);
    }

    public static void check(final DagState from, final DagState to)
    {
        if (!isLegal(from, to))
        {
            throw new IllegalStateException("illegal DAG transition " + from + " -> " + to);
        }
    }
}
