package io.weft.perf;

import com.hazelcast.core.HazelcastInstance;
import io.weft.node.grid.GridMaps;
import io.weft.node.grid.GridMemberFactory;
import io.weft.node.cli.Launcher;
import io.weft.node.grid.GridSchedulerJournal;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidator;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.port.DispatchSender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Heap per pending job, frontier and grid record together: submits DAGs until N jobs are ready and waiting (no
 * executor is connected, so all of them stay in the frontier and in the grid), then compares heap in use after a
 * full GC with the empty node's. Run with a heap big enough for N, e.g. -Xmx4g for a million.
 */
@Command(name = "weft footprint", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class, usageHelpWidth = 100,
    description = {"Measures heap per pending job: submits DAGs until JOBS jobs wait with no executor, then compares the heap "
        + "in use after a full GC with the empty node's. Give it a heap big enough through WEFT_JAVA_OPTS, e.g. -Xmx4g for a million."})
public final class MemoryFootprintMain implements Callable<Integer>
{
    @Parameters(index = "0", arity = "0..1", paramLabel = "JOBS", defaultValue = "1000000", description = "pending jobs to measure (default ${DEFAULT-VALUE})")
    int jobs;

    @Parameters(index = "1", arity = "0..1", paramLabel = "JOBS_PER_DAG", defaultValue = "1000", description = "jobs in each DAG (default ${DEFAULT-VALUE})")
    int jobsPerDag;

    @Spec
    CommandSpec spec;

    private MemoryFootprintMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** The parser; tests parse with it without measuring anything. */
    static CommandLine commandLine()
    {
        return Launcher.commandLine(new MemoryFootprintMain());
    }

    @Override
    public Integer call() throws Exception
    {
        if (jobsPerDag <= 0 || jobs < jobsPerDag)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "JOBS_PER_DAG must be positive and at most JOBS");
        }
        final HazelcastInstance hazelcast = GridMemberFactory.start("weft-footprint-" + UUID.randomUUID(), "127.0.0.1", 0, List.of());
        final DispatchSender nowhere = new DispatchSender()
        {
            @Override
            public boolean sendDispatch(
                final long instanceId, final long dagId, final int jobIndex, final int attempt, final long token,
                final long deadlineEpochMs, final String executorClass, final String jobId, final byte[] payload)
            {
                return false;
            }

            @Override
            public boolean sendCancel(final long instanceId, final long dagId, final int jobIndex, final long token)
            {
                return false;
            }

            @Override
            public void forget(final long instanceId)
            {
            }
        };
        try (Scheduler scheduler = new Scheduler(new SchedulerContext(), new GridSchedulerJournal(new GridMaps(hazelcast)), nowhere).start())
        {
            final long before = usedHeapAfterGc();
            final int dags = jobs / jobsPerDag;
            final CountDownLatch acked = new CountDownLatch(dags);
            final SubmissionCallback callback = new SubmissionCallback()
            {
                @Override
                public void onAccepted(final long dagId)
                {
                    acked.countDown();
                }

                @Override
                public void onFailed(final long dagId, final String reason)
                {
                    throw new IllegalStateException(reason);
                }
            };
            final byte[] payload = "{\"op\":\"noop\",\"page\":1}".getBytes(StandardCharsets.UTF_8);
            for (int d = 0; d < dags; d++)
            {
                final List<JobSpec> specs = new ArrayList<>(jobsPerDag);
                for (int j = 0; j < jobsPerDag; j++)
                {
                    specs.add(new JobSpec("page-" + j, "class-" + (j % 100), j % 10, payload, List.of()));
                }
                final DagPlan plan = new DagValidator(1024, jobsPerDag).validate(new DagSpec("doc-" + d, specs));
                while (scheduler.trySubmit(plan, callback) < 0)
                {
                    Thread.onSpinWait();
                }
            }
            if (!acked.await(10, TimeUnit.MINUTES))
            {
                throw new IllegalStateException("submissions were not acknowledged");
            }
            final long after = usedHeapAfterGc();
            final long pending = (long)dags * jobsPerDag;
            System.out.printf(Locale.ROOT, "pending jobs %d in %d DAGs; heap in use %.1f MiB -> %.1f MiB; %.0f bytes per pending job"
                    + " (frontier, core state, grid definition and run records)%n",
                pending, dags, before / 1048576.0, after / 1048576.0, (after - before) / (double)pending);
        }
        finally
        {
            hazelcast.shutdown();
        }
        return 0;
    }

    private static long usedHeapAfterGc() throws InterruptedException
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
