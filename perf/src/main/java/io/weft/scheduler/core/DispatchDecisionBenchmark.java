package io.weft.scheduler.core;

import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.ExecutorDescriptor;
import io.weft.scheduler.api.JobSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one dispatch decision with a million ready jobs spread over 100 executor classes: a slot frees, the
 * class is planned (the frontier's best job is popped, a slot reserved, a lease issued), and the job goes back
 * into the frontier with a fresh rank so the frontier stays at a million. Lives in the core's package to reach
 * the frontier and planner directly, without the ring or a journal in the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class DispatchDecisionBenchmark
{
    @Param({"1000000"})
    int readyJobs;

    @Param({"100"})
    int classes;

    private ClassQueue[] queues;
    private ExecutorSlots[] slots;
    private FrontierRanking ranking;
    private final DispatchPlanner planner = new PriorityDispatchPlanner();
    private final SplittableRandom random = new SplittableRandom(42);
    private final Issuer issuer = new Issuer();
    private long nowMs;
    private long sequence;
    private int next;

    /** Records the lease the planner issues; the benchmark then returns the job to the frontier. */
    static final class Issuer implements DispatchPlanner.LeaseIssuer
    {
        ClassRun run;
        int job;
        ExecutorSlots slots;

        @Override
        public void lease(final ClassRun run, final int jobIndex, final ExecutorSlots slots)
        {
            this.run = run;
            this.job = jobIndex;
            this.slots = slots;
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        nowMs = 1_000_000;
        ranking = new SlaFairRanking(0);
        queues = new ClassQueue[classes];
        slots = new ExecutorSlots[classes];
        final Map<String, Integer> slotsByClass = new java.util.HashMap<>();
        for (int c = 0; c < classes; c++)
        {
            queues[c] = new ClassQueue("class-" + c, c, new io.weft.scheduler.signals.LatencyRecorders().forClass("class-" + c));
            slotsByClass.put("class-" + c, 1);
        }
        final int[] totals = new int[classes];
        java.util.Arrays.fill(totals, 1);
        final ExecutorInstance instance = new ExecutorInstance(
            new ExecutorDescriptor(1, "bench", "bench", "1", Set.of(), slotsByClass), queues, totals, nowMs);
        for (int c = 0; c < classes; c++)
        {
            slots[c] = instance.slots[c];
            slots[c].used = 1; // full: only a release lets the planner decide
            queues[c].addSlots(slots[c]);
        }

        // 1,000 DAGs of readyJobs/1000 jobs each, classes assigned round-robin, priorities 0..9.
        final int dags = 1_000;
        final int jobsPerDag = readyJobs / dags;
        for (int d = 0; d < dags; d++)
        {
            final List<JobSpec> jobs = new ArrayList<>(jobsPerDag);
            for (int j = 0; j < jobsPerDag; j++)
            {
                jobs.add(new JobSpec("j" + j, "class-" + ((d * jobsPerDag + j) % classes), random.nextInt(10), null, List.of()));
            }
            final DagPlan plan = new DagValidator(16, jobsPerDag).validate(new DagSpec("dag-" + d, jobs));
            final ClassQueue[] jobQueues = new ClassQueue[jobsPerDag];
            for (int j = 0; j < jobsPerDag; j++)
            {
                jobQueues[j] = queues[(d * jobsPerDag + j) % classes];
            }
            final ClassRun run = new DagRun(d, plan, jobQueues, nowMs, 0).classSide;
            for (int j = 0; j < jobsPerDag; j++)
            {
                jobQueues[j].frontier.push(run, j, ranking.rank(run, j, jobQueues[j], nowMs + random.nextInt(60_000)), ++sequence);
            }
        }
    }

    @Benchmark
    public int dispatchDecision()
    {
        final ClassQueue queue = queues[next];
        next = next + 1 == classes ? 0 : next + 1;
        queue.release(slots[queue.classId()]);
        final int planned = planner.plan(queue, issuer);
        nowMs++;
        issuer.run.queues[issuer.job].frontier.push(
            issuer.run, issuer.job, ranking.rank(issuer.run, issuer.job, queue, nowMs), ++sequence);
        return planned;
    }
}
