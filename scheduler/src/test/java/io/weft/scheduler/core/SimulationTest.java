package io.weft.scheduler.core;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@link SchedulerSimulation} over a range of seeds; each run checks the core's invariants after every step
 * and fails with the seed and step that broke one.
 *
 * <pre>
 * mvn -o -q -pl scheduler test -Dtest=SimulationTest                          # CI: 300 seeds
 * mvn -o -q -pl scheduler test -Dtest=SimulationTest -Dweft.sim.seeds=20000   # a long run
 * mvn -o -q -pl scheduler test -Dtest=SimulationTest -Dweft.sim.seed=1234     # replay one seed
 * mvn -o -q -pl scheduler test -Dtest=SimulationTest -Dweft.sim.lossy-seeds=2000  # more seeds of one owner-link mode
 * mvn -o -q -pl scheduler test -Dtest=SimulationTest -Dweft.sim.lossy-seed=322    # replay one (duplicated-, reordered-)
 * </pre>
 *
 * Other properties: {@code weft.sim.firstSeed} (default 1) and {@code weft.sim.steps} (steps before submissions stop
 * and the run drains, default 3000; a replay must use the steps the failure printed).
 */
class SimulationTest
{
    private static final Logger LOG = LoggerFactory.getLogger(SimulationTest.class);
    private static final int DEFAULT_SEEDS = 300;
    private static final int DEFAULT_STEPS = 3_000;
    private static final int FAULTY_LINK_SEEDS = 100;

    @Test
    void invariantsHoldForEverySeed()
    {
        final Long single = Long.getLong("weft.sim.seed");
        final int steps = Integer.getInteger("weft.sim.steps", DEFAULT_STEPS);
        final long first = single != null ? single : Long.getLong("weft.sim.firstSeed", 1);
        final int seeds = single != null ? 1 : Integer.getInteger("weft.sim.seeds", DEFAULT_SEEDS);

        final long startNs = System.nanoTime();
        final Totals totals = new Totals();
        for (long seed = first; seed < first + seeds; seed++)
        {
            totals.add(new SchedulerSimulation(seed, steps).run());
        }
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        LOG.info("simulated seeds {}..{} ({} steps each before draining) in {} ms: {}", first, first + seeds - 1, steps, elapsedMs, totals);

        if (seeds >= 100)
        {
            // The faults must really happen, or the invariants prove little.
            assertTrue(totals.successes > 0 && totals.retries > 0 && totals.staleCallbacks > 0, totals::toString);
            assertTrue(totals.leasesExpired > 0 && totals.runTimeouts > 0 && totals.jobsExpired > 0, totals::toString);
            assertTrue(totals.executorsLost > 0 && totals.reregistrations > 0, totals::toString);
            assertTrue(totals.jobsCancelled > 0 && totals.jobsFailed > 0 && totals.backPressure > 0, totals::toString);
            assertTrue(totals.priorityChecks > 0, totals::toString);
            // DAG pause: paused and resumed DAGs, ready jobs parked, put back and leased, ranked against others
            // once resumed, and paused DAGs that ended (cancelled, or their last jobs finished) while paused.
            assertTrue(totals.dagPauses > 0 && totals.dagResumes > 0 && totals.pausedDagsEnded > 0, totals::toString);
            assertTrue(totals.parkedJobs > 0 && totals.unparkedLeases > 0 && totals.resumedPriorityChecks > 0, totals::toString);
            // Owner crashes: a new owner adopted leases, dropped those their executor did not list, and callbacks
            // were lost with the dead owner and sent again to the new one.
            assertTrue(totals.ownerCrashes > 0 && totals.leasesAdopted > 0 && totals.adoptedLeasesDropped > 0, totals::toString);
            assertTrue(totals.callbacksLostWithOwner > 0 && totals.callbacksReplayed > 0, totals::toString);
            // Owners froze and resumed after a newer owner took over, and tried to write (refused, nothing sent).
            assertTrue(totals.ownerFreezes > 0 && totals.frozenOwnerBatchesFenced > 0, totals::toString);
        }
    }

    /**
     * The core's DAG side and class side will talk across nodes, where a message can arrive twice: with every
     * message delivered twice, every invariant still holds (each handler checks the lease or request it names).
     */
    @Test
    void invariantsHoldWhenEveryMessageBetweenTheCoresTwoSidesArrivesTwice()
    {
        final FaultyRun run = runWith(SchedulerSimulation.LinkFaults.DUPLICATED);
        final Totals totals = run.totals();
        if (!run.single())
        {
            assertTrue(run.duplicates() > 0 && totals.successes > 0 && totals.backPressure > 0 && totals.leasesAdopted > 0,
                totals::toString);
        }
    }

    /**
     * Across nodes, messages sent close together can arrive in any order: with everything the two sides send each
     * other held until the core flushes and then delivered shuffled (a tenth of it twice), every invariant still
     * holds. What this needed: a JobReady names the lease it follows, and pauses and resumes carry a version.
     */
    @Test
    void invariantsHoldWhenMessagesBetweenTheCoresTwoSidesArriveInAnyOrder()
    {
        final FaultyRun run = runWith(SchedulerSimulation.LinkFaults.REORDERED);
        final Totals totals = run.totals();
        if (!run.single())
        {
            assertTrue(run.reordered() > 0 && run.duplicates() > 0 && totals.successes > 0 && totals.dagPauses > 0
                && totals.leasesAdopted > 0, totals::toString);
        }
    }

    /**
     * A link between nodes that breaks loses whatever was in flight: with the reordered link also losing everything
     * it holds at one flush in a hundred, the core resynchronises the two sides (the class side lets go of its slots,
     * the DAG side sends again its ready jobs, live leases, stops and pauses) and every invariant still holds.
     */
    @Test
    void invariantsHoldWhenTheLinkBetweenTheCoresTwoSidesLosesMessages()
    {
        final FaultyRun run = runWith(SchedulerSimulation.LinkFaults.LOSSY);
        final Totals totals = run.totals();
        if (!run.single())
        {
            assertTrue(run.breaks() > 0 && totals.successes > 0 && totals.leasesExpired > 0, totals::toString);
        }
    }

    /**
     * Between nodes, an answer comes batches after its question: with a third of the core's batches delivering
     * nothing between the two sides (and the rest reordered, a tenth twice), a grant reaches the class side after the
     * batch that journaled it and its dispatch leaves with a later batch, and every invariant still holds once the
     * link is quiet.
     */
    @Test
    void invariantsHoldWhenMessagesBetweenTheCoresTwoSidesCrossBatches()
    {
        final FaultyRun run = runWith(SchedulerSimulation.LinkFaults.DELAYED);
        final Totals totals = run.totals();
        if (!run.single())
        {
            assertTrue(run.heldBatches() > 0 && run.lateGrantsRefused() > 0 && run.reordered() > 0 && totals.successes > 0
                && totals.backPressure > 0 && totals.leasesAdopted > 0, totals::toString);
        }
    }

    /** What a run of seeds over a faulty owner link did, and whether it replayed a single seed. */
    private record FaultyRun(Totals totals, long duplicates, long reordered, long breaks, long heldBatches, long lateGrantsRefused, boolean single)
    {
    }

    /**
     * Runs seeds 1..100 of {@code faults} (a mode's {@code -seeds} and {@code -first} properties change the range;
     * its {@code -seed} property replays one, as a failure's replay line says).
     */
    private static FaultyRun runWith(final SchedulerSimulation.LinkFaults faults)
    {
        final Long single = Long.getLong(faults.seedProperty);
        final long first = single != null ? single : Long.getLong(faults.seedProperty.replace("-seed", "-first"), 1);
        final int seeds = single != null ? 1 : Integer.getInteger(faults.seedProperty + "s", FAULTY_LINK_SEEDS);
        final int steps = Integer.getInteger("weft.sim.steps", DEFAULT_STEPS);
        long duplicates = 0;
        long reordered = 0;
        long breaks = 0;
        long heldBatches = 0;
        long lateGrantsRefused = 0;
        final Totals totals = new Totals();
        for (long seed = first; seed < first + seeds; seed++)
        {
            final SchedulerSimulation simulation = new SchedulerSimulation(seed, steps, faults);
            totals.add(simulation.run());
            duplicates += simulation.duplicatedOwnerMessages();
            reordered += simulation.reorderedOwnerMessages();
            breaks += simulation.ownerLinkBreaks();
            heldBatches += simulation.heldOwnerBatches();
            lateGrantsRefused += simulation.lateGrantsRefused();
        }
        LOG.info("simulated {} seeds over a {} owner link ({} messages twice, {} out of order, {} breaks, {} batches held, {} late grants refused): {}",
            seeds, faults, duplicates, reordered, breaks, heldBatches, lateGrantsRefused, totals);
        return new FaultyRun(totals, duplicates, reordered, breaks, heldBatches, lateGrantsRefused, single != null);
    }

    @Test
    void aSeedReplaysExactly()
    {
        final SchedulerSimulation.Summary first = new SchedulerSimulation(42, 1_500).run();
        final SchedulerSimulation.Summary second = new SchedulerSimulation(42, 1_500).run();
        assertEquals(first, second, "the same seed must replay the same run");
        assertTrue(first.dispatches() > 0 && first.successes() > 0, first::toString);
    }

    private static final class Totals
    {
        long runs;
        long steps;
        long virtualMs;
        long dags;
        long jobs;
        long dispatches;
        long successes;
        long retries;
        long staleCallbacks;
        long leasesExpired;
        long runTimeouts;
        long executorsLost;
        long reregistrations;
        long jobsExpired;
        long jobsCancelled;
        long jobsFailed;
        long backPressure;
        long priorityChecks;
        long dagPauses;
        long dagResumes;
        long pausedDagsEnded;
        long parkedJobs;
        long unparkedLeases;
        long resumedPriorityChecks;
        long ownerCrashes;
        long leasesAdopted;
        long adoptedLeasesDropped;
        long callbacksLostWithOwner;
        long callbacksReplayed;
        long ownerFreezes;
        long frozenOwnerBatchesFenced;

        void add(final SchedulerSimulation.Summary s)
        {
            runs++;
            steps += s.steps();
            virtualMs += s.virtualMs();
            dags += s.dags();
            jobs += s.jobs();
            dispatches += s.dispatches();
            successes += s.successes();
            retries += s.retries();
            staleCallbacks += s.staleCallbacks();
            leasesExpired += s.leasesExpired();
            runTimeouts += s.runTimeouts();
            executorsLost += s.executorsLost();
            reregistrations += s.reregistrations();
            jobsExpired += s.jobsExpired();
            jobsCancelled += s.jobsCancelled();
            jobsFailed += s.jobsFailed();
            backPressure += s.backPressure();
            priorityChecks += s.priorityChecks();
            dagPauses += s.dagPauses();
            dagResumes += s.dagResumes();
            pausedDagsEnded += s.pausedDagsEnded();
            parkedJobs += s.parkedJobs();
            unparkedLeases += s.unparkedLeases();
            resumedPriorityChecks += s.resumedPriorityChecks();
            ownerCrashes += s.ownerCrashes();
            leasesAdopted += s.leasesAdopted();
            adoptedLeasesDropped += s.adoptedLeasesDropped();
            callbacksLostWithOwner += s.callbacksLostWithOwner();
            callbacksReplayed += s.callbacksReplayed();
            ownerFreezes += s.ownerFreezes();
            frozenOwnerBatchesFenced += s.frozenOwnerBatchesFenced();
        }

        @Override
        public String toString()
        {
            return "runs=" + runs + " steps=" + steps + " virtualSeconds=" + virtualMs / 1000 + " dags=" + dags + " jobs=" + jobs
                + " dispatches=" + dispatches + " successes=" + successes + " retries=" + retries + " staleCallbacks=" + staleCallbacks
                + " leasesExpired=" + leasesExpired + " runTimeouts=" + runTimeouts + " executorsLost=" + executorsLost
                + " reregistrations=" + reregistrations + " jobsExpired=" + jobsExpired + " jobsCancelled=" + jobsCancelled
                + " jobsFailed=" + jobsFailed + " backPressure=" + backPressure + " priorityChecks=" + priorityChecks
                + " dagPauses=" + dagPauses + " dagResumes=" + dagResumes + " pausedDagsEnded=" + pausedDagsEnded
                + " parkedJobs=" + parkedJobs + " unparkedLeases=" + unparkedLeases + " resumedPriorityChecks=" + resumedPriorityChecks
                + " ownerCrashes=" + ownerCrashes + " leasesAdopted=" + leasesAdopted + " adoptedLeasesDropped=" + adoptedLeasesDropped
                + " callbacksLostWithOwner=" + callbacksLostWithOwner + " callbacksReplayed=" + callbacksReplayed
                + " ownerFreezes=" + ownerFreezes + " frozenOwnerBatchesFenced=" + frozenOwnerBatchesFenced;
        }
    }
}
