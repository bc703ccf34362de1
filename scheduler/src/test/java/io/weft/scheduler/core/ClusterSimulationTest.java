package io.weft.scheduler.core;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeds of {@link ClusterSimulation}: several owners over a shared simulated grid and a faulty network, with crashes,
 * freezes and partition moves. {@code -Dweft.cluster-sim.seed=N} replays one seed, {@code -Dweft.cluster-sim.seeds=N}
 * runs more.
 */
class ClusterSimulationTest
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSimulationTest.class);

    @Test
    void aPartitionedClusterLosesNoDagAndAcceptsNoJobTwiceThroughCrashesFreezesAndMoves()
    {
        final Long single = Long.getLong("weft.cluster-sim.seed");
        final long first = single != null ? single : 1;
        final int seeds = single != null ? 1 : Integer.getInteger("weft.cluster-sim.seeds", 200);
        final int steps = Integer.getInteger("weft.cluster-sim.steps", 3_000);
        long dags = 0;
        long successes = 0;
        long crashes = 0;
        long freezes = 0;
        long moves = 0;
        long fenced = 0;
        long stale = 0;
        long terms = 0;
        long expired = 0;
        long lostSends = 0;
        for (long seed = first; seed < first + seeds; seed++)
        {
            final ClusterSimulation.Summary summary = new ClusterSimulation(seed, steps).run();
            dags += summary.dags();
            successes += summary.successes();
            crashes += summary.crashes();
            freezes += summary.freezes();
            moves += summary.moves();
            fenced += summary.fencedBatches();
            stale += summary.staleMessages();
            terms += summary.termStarts();
            expired += summary.slotsExpired();
            lostSends += summary.lostSends();
        }
        LOG.info("simulated {} clusters of 3 nodes: {} DAGs, {} jobs succeeded, {} crashes, {} freezes, {} partition moves, {} terms, "
            + "{} fenced batches, {} stale owner messages dropped, {} unconfirmed slots let go, {} sends failed", seeds, dags, successes,
            crashes, freezes, moves, terms, fenced, stale, expired, lostSends);
        if (single == null)
        {
            assertTrue(dags > 0 && successes > 0 && crashes > 0 && freezes > 0 && moves > 0 && fenced > 0 && stale > 0 && lostSends > 0,
                "every fault was exercised");
        }
    }

    @Test
    void aSeedReplaysExactly()
    {
        assertEquals(new ClusterSimulation(5, 1_500).run(), new ClusterSimulation(5, 1_500).run());
    }
}
