package io.weft.perf;

import io.weft.node.NodeConfig;
import io.weft.node.SampleExecutorProcess;
import io.weft.node.WeftNode;
import io.weft.node.cli.Launcher;
import io.weft.node.signals.SignalTable;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.JobSpec;
import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.api.SubmissionCallback;
import io.weft.scheduler.core.SchedulerCounters;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end load generator: starts a node in this JVM and N sample executor processes (real Aeron UDP between
 * them, real Hazelcast journal), submits DAGs of a chosen shape as fast as possible or at a target job rate, and
 * prints throughput and HdrHistogram percentiles of each stage of the hot path.
 */
@Command(name = "weft load", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class, sortOptions = false, usageHelpWidth = 100,
    description = {"Starts a node in this JVM and sample executor processes (noop jobs), drives DAGs through it and prints "
        + "throughput and HdrHistogram percentiles of each stage of the hot path."},
    footer = {"", "Prints the heap after a full GC when measuring starts and when it ends, and the difference per finished job."})
public final class LoadGeneratorMain implements Callable<Integer>
{
    @Mixin
    LoadOptions options;

    @Spec
    CommandSpec spec;

    private LoadGeneratorMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** The parser; tests parse with it without starting a node. */
    static CommandLine commandLine()
    {
        return Launcher.commandLine(new LoadGeneratorMain());
    }

    @Override
    public Integer call() throws Exception
    {
        try
        {
            options.check();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
        return run(options);
    }

    static int run(final LoadOptions options) throws Exception
    {
        final Path tokens = Files.createTempDirectory("weft-load-");
        final NodeConfig config = NodeConfig.defaults()
            .with("rest.port", "0")
            .with("grid.port", "0")
            .with("executor.endpoint", "127.0.0.1:0")
            .with("cluster.name", "weft-load-" + ProcessHandle.current().pid())
            // The generator talks to its own nodes with the token they make; it is nobody else's business.
            .with("security.admin-token-file", tokens.resolve("admin-token").toString())
            .with("security.executor-token-file", tokens.resolve("executor-token").toString());
        final NodeConfig configured = withRetention(options.ownership == null ? config : config.with("cluster.ownership", options.ownership), options);
        final List<SampleExecutorProcess> executors = new ArrayList<>();
        final List<WeftNode> nodes = new ArrayList<>();
        Submitter submitter = null;
        try
        {
            nodes.add(WeftNode.start(configured));
            for (int i = 1; i < options.nodes; i++)
            {
                nodes.add(WeftNode.start(configured.with("grid.members", nodes.get(0).gridAddress())));
            }
            // The first node claims the scheduler and keeps it while it lives; the others forward to it.
            final WeftNode node = nodes.stream().filter(n -> n.ownership().isOwner()).findFirst().orElse(nodes.get(0));
            for (int i = 0; i < options.executors; i++)
            {
                final Path log = Files.createTempFile("weft-load-executor-" + i + "-", ".log");
                // Spread over the nodes: an executor that asks a node other than the owner is sent on to it.
                final WeftNode asked = nodes.get(i % nodes.size());
                executors.add(SampleExecutorProcess.start(asked.executorEndpoint(), "noop=" + options.slots, log, "--deployment", "load",
                    "--threads", "noop=" + options.executorThreads,
                    "--token-file", tokens.resolve("executor-token").toString()));
            }
            final long registrationDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (node.scheduler().executors().size() < options.executors)
            {
                if (System.nanoTime() > registrationDeadline)
                {
                    System.err.println("executors did not register within 60 s");
                    return 1;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            submitter = options.http()
                ? new NettyHttpSubmitter(nodes.stream().map(n -> "http://127.0.0.1:" + n.restPort() + "/api/v1/dags").toList(), options.connections,
                    node.adminToken())
                : new DirectSubmitter(node);

            System.out.printf(Locale.ROOT, "weft load: %d node(s)%s, %d executor process(es) x %d noop slots, DAG shape %s (%d jobs), %s, "
                    + "submit via %s%n",
                nodes.size(), nodes.size() > 1 ? " in this JVM (scheduler on " + node.nodeId() + ")" : "",
                options.executors, options.slots, options.shape, options.jobsPerDag(),
                options.ratePerSecond > 0 ? "paced at " + options.ratePerSecond + " jobs/s" : "as fast as possible",
                options.http() ? "HTTP" + (nodes.size() > 1 ? " to every node in turn" : "") : "in-process API of the scheduler's node");

            if (options.warmupSeconds > 0)
            {
                drive(nodes, node, submitter, options, options.warmupSeconds);
            }
            final Map<String, Map<LatencySignal, Histogram>> signalsAtStart = snapshot(nodes);
            final long heapAtStart = heapAfterGc();
            final long succeededAtStart = sum(nodes, SchedulerCounters::jobsSucceeded);
            submitter.latency.reset();
            final CpuTimes cpuAtStart = CpuTimes.now(executors);
            final Result result = drive(nodes, node, submitter, options, options.durationSeconds);
            final CpuTimes cpu = CpuTimes.now(executors).minus(cpuAtStart);
            final Map<String, Map<LatencySignal, Histogram>> signals =
                SignalTable.since(signalsAtStart, snapshot(nodes));
            report(result, signals, nodes, submitter.latency.getIntervalHistogram(), options);
            cpu.report(result.elapsedSeconds);
            final long heapAtEnd = heapAfterGc();
            final long finishedJobs = sum(nodes, SchedulerCounters::jobsSucceeded) - succeededAtStart;
            System.out.printf(Locale.ROOT, "heap after GC: %.1f MB when measuring started, %.1f MB at the end: %+.0f bytes per finished job "
                    + "(node and generator in this JVM; retention %s ms, at most %s finished jobs and %s DAGs)%n",
                heapAtStart / 1e6, heapAtEnd / 1e6, finishedJobs == 0 ? 0.0 : (heapAtEnd - heapAtStart) / (double)finishedJobs,
                configured.get("grid.retention.finished-ms"), configured.get("grid.retention.max-finished-jobs"),
                configured.get("grid.retention.max-finished-dags"));
            return result.completed ? 0 : 1;
        }
        finally
        {
            if (submitter != null)
            {
                submitter.close();
            }
            executors.forEach(SampleExecutorProcess::close);
            for (int i = nodes.size() - 1; i >= 0; i--)
            {
                nodes.get(i).close();
            }
        }
    }

    private static NodeConfig withRetention(final NodeConfig config, final LoadOptions options)
    {
        NodeConfig result = config;
        if (options.retentionMs != null)
        {
            result = result.with("grid.retention.finished-ms", options.retentionMs);
        }
        if (options.maxFinishedJobs != null)
        {
            result = result.with("grid.retention.max-finished-jobs", options.maxFinishedJobs);
        }
        if (options.maxFinishedDags != null)
        {
            result = result.with("grid.retention.max-finished-dags", options.maxFinishedDags);
        }
        return result;
    }

    /** Used heap after a full collection: what the run keeps, not what it has yet to collect. */
    private static long heapAfterGc()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * A counter summed over every node: each node counts the jobs of the DAGs it owns, and a DAG is owned where its
     * grid partition is, whichever node took the submission.
     */
    private static long sum(final List<WeftNode> nodes, final java.util.function.ToLongFunction<SchedulerCounters> counter)
    {
        long total = 0;
        for (final WeftNode node : nodes)
        {
            total += counter.applyAsLong(node.scheduler().counters());
        }
        return total;
    }

    /** Every node's latency signals added together: each node records the stages of the work it owns. */
    private static Map<String, Map<LatencySignal, Histogram>> snapshot(final List<WeftNode> nodes)
    {
        Map<String, Map<LatencySignal, Histogram>> merged = null;
        for (final WeftNode node : nodes)
        {
            final Map<String, Map<LatencySignal, Histogram>> one = SignalTable.snapshot(node.latencyHistory());
            if (merged == null)
            {
                merged = one;
                continue;
            }
            for (final Map.Entry<String, Map<LatencySignal, Histogram>> group : one.entrySet())
            {
                final Map<LatencySignal, Histogram> into = merged.computeIfAbsent(group.getKey(), k -> new java.util.EnumMap<>(LatencySignal.class));
                group.getValue().forEach((signal, histogram) -> {
                    final Histogram existing = into.get(signal);
                    if (existing == null)
                    {
                        into.put(signal, histogram);
                    }
                    else
                    {
                        existing.add(histogram);
                    }
                });
            }
        }
        return merged;
    }

    private static Result drive(final List<WeftNode> nodes, final WeftNode node, final Submitter submitter, final LoadOptions options,
        final int seconds) throws Exception
    {
        final java.util.function.LongSupplier jobsFinished = () -> sum(nodes, SchedulerCounters::jobsFinished);
        final String dagJson = options.dagJson();
        final DagPlan plan = node.api().validate(options.dagSpec());
        final int jobsPerDag = options.jobsPerDag();
        final long startFinished = jobsFinished.getAsLong();
        final long startNs = System.nanoTime();
        final long endNs = startNs + TimeUnit.SECONDS.toNanos(seconds);
        final long nsPerDag = options.ratePerSecond > 0 ? (long)(1e9 * jobsPerDag / options.ratePerSecond) : 0;
        final long startAccepted = submitter.acceptedDags();
        final long startRefused = submitter.refusedDags();
        // Open loop: DAG k is due at startNs + k * nsPerDag whatever happened to DAG k - 1, and its latency counts from
        // then. A generator that falls behind sends as fast as it can to catch up, and the delay shows in the numbers
        // instead of vanishing from them (coordinated omission).
        long intendedNs = startNs;
        long offeredDags = 0;
        long heldBackNs = 0;

        while (System.nanoTime() < endNs)
        {
            final long accepted = (submitter.acceptedDags() - startAccepted) * jobsPerDag;
            final long inFlight = accepted + submitter.pendingDags() * (long)jobsPerDag - (jobsFinished.getAsLong() - startFinished);
            if (inFlight + jobsPerDag > options.maxInFlightJobs || !submitter.hasRoom())
            {
                final long parkedAt = System.nanoTime();
                LockSupport.parkNanos(50_000);
                heldBackNs += System.nanoTime() - parkedAt;
                continue;
            }
            if (nsPerDag > 0)
            {
                final long waitNs = intendedNs - System.nanoTime();
                if (waitNs > 0)
                {
                    LockSupport.parkNanos(waitNs);
                    continue;
                }
            }
            else
            {
                intendedNs = System.nanoTime();
            }
            offeredDags++;
            if (!submitter.submit(plan, dagJson, intendedNs))
            {
                LockSupport.parkNanos(1_000_000); // refused: the node said "retry later"
            }
            intendedNs += nsPerDag;
        }
        while (submitter.pendingDags() > 0)
        {
            LockSupport.parkNanos(1_000_000);
        }
        final long submittedJobs = (submitter.acceptedDags() - startAccepted) * jobsPerDag;
        final long refused = submitter.refusedDags() - startRefused;
        final long submitEndNs = System.nanoTime();
        final long drainDeadline = submitEndNs + TimeUnit.SECONDS.toNanos(60);
        while (jobsFinished.getAsLong() - startFinished < submittedJobs && System.nanoTime() < drainDeadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        final long finished = jobsFinished.getAsLong() - startFinished;
        final double elapsedS = (System.nanoTime() - startNs) / 1e9;
        final double offeredJobsPerSecond = offeredDags * (double)jobsPerDag / seconds;
        return new Result(submittedJobs, finished, refused, elapsedS, finished >= submittedJobs, offeredJobsPerSecond,
            heldBackNs / (double)TimeUnit.SECONDS.toNanos(seconds));
    }

    private static void report(
        final Result result,
        final Map<String, Map<LatencySignal, Histogram>> signals,
        final List<WeftNode> nodes,
        final Histogram clientLatency,
        final LoadOptions options)
    {
        System.out.printf(Locale.ROOT, "%njobs submitted %d, finished %d in %.2f s => %.0f jobs/s; submissions refused (ring full) %d%n",
            result.submittedJobs, result.finishedJobs, result.elapsedSeconds, result.finishedJobs / result.elapsedSeconds, result.refused);
        if (options.ratePerSecond > 0 && result.offeredJobsPerSecond < 0.98 * options.ratePerSecond)
        {
            System.out.printf(Locale.ROOT, "NOTE: the generator offered %.0f of the %d jobs/s asked for; it was held back %.0f%% of the time "
                    + "by the in-flight limits (--max-in-flight=%d jobs%s), so the client, not only the node, set this pace%n",
                result.offeredJobsPerSecond, options.ratePerSecond, 100 * result.heldBackShare, options.maxInFlightJobs,
                options.http() ? ", --connections=" + options.connections : "");
        }
        else if (options.ratePerSecond == 0 && result.heldBackShare > 0.5)
        {
            System.out.printf(Locale.ROOT, "NOTE: the generator waited on its in-flight limits %.0f%% of the time (--max-in-flight=%d jobs%s)%n",
                100 * result.heldBackShare, options.maxInFlightJobs, options.http() ? ", --connections=" + options.connections : "");
        }
        System.out.printf(Locale.ROOT, "counters: dispatched %d, succeeded %d, failed %d, stale callbacks %d, dispatch back-pressure %d, journal batches %d%n",
            sum(nodes, SchedulerCounters::jobsDispatched), sum(nodes, SchedulerCounters::jobsSucceeded), sum(nodes, SchedulerCounters::jobsFailed),
            sum(nodes, SchedulerCounters::staleCallbacks), sum(nodes, SchedulerCounters::dispatchBackPressure),
            sum(nodes, SchedulerCounters::journalBatches));
        System.out.printf(Locale.ROOT, "%nthe nodes' latency signals over the measured run, every node's added (the ones GET /api/v1/latency serves):");
        SignalTable.print(System.out, signals);
        System.out.printf(Locale.ROOT, "%n%-24s %9s %10s %10s %10s %10s %10s %10s%n", "client (ms)", "count", "p50", "p90", "p99", "p99.9", "max", "mean");
        row(options.ratePerSecond > 0 ? "intended-send-to-ack" : "send-to-ack", clientLatency);
        if (!result.completed)
        {
            System.out.println("\nWARNING: not every submitted job finished within the drain window");
        }
    }

    private static void row(final String name, final Histogram h)
    {
        System.out.printf(Locale.ROOT, "%-24s %9d %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n", name, h.getTotalCount(),
            h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
            h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, h.getMean() / 1e6);
    }

    record Result(
        long submittedJobs, long finishedJobs, long refused, double elapsedSeconds, boolean completed,
        double offeredJobsPerSecond, double heldBackShare)
    {
    }

    /**
     * CPU time (user and system) of this JVM (node and generator together), of the generator's own threads within
     * it, and of each executor process, so a reader sees where the cores went.
     */
    record CpuTimes(long jvmNs, long generatorNs, long executorsNs)
    {
        static CpuTimes now(final List<SampleExecutorProcess> executors)
        {
            final long jvm = ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long generator = 0;
            for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
            {
                if (info != null && isGeneratorThread(info.getThreadName()))
                {
                    generator += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            long executorsCpu = 0;
            for (final SampleExecutorProcess executor : executors)
            {
                executorsCpu += ProcessHandle.of(executor.pid())
                    .flatMap(handle -> handle.info().totalCpuDuration()).map(java.time.Duration::toNanos).orElse(0L);
            }
            return new CpuTimes(jvm, generator, executorsCpu);
        }

        /** The load generator's main thread and its HTTP client's event loop; everything else in this JVM is the node. */
        private static boolean isGeneratorThread(final String name)
        {
            return name.equals("main") || name.startsWith(NettyHttpSubmitter.THREAD_PREFIX);
        }

        CpuTimes minus(final CpuTimes earlier)
        {
            return new CpuTimes(jvmNs - earlier.jvmNs, generatorNs - earlier.generatorNs, executorsNs - earlier.executorsNs);
        }

        void report(final double elapsedSeconds)
        {
            System.out.printf(Locale.ROOT, "%nCPU (cores busy on average over %.1f s): node %.2f, generator %.2f, executor processes %.2f; "
                    + "this machine has %d%n", elapsedSeconds, (jvmNs - generatorNs) / 1e9 / elapsedSeconds, generatorNs / 1e9 / elapsedSeconds,
                executorsNs / 1e9 / elapsedSeconds, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Sends DAGs to the node and counts what it accepted and refused. */
    abstract static class Submitter implements AutoCloseable
    {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        /** From each DAG's intended send time to its acceptance, as the client sees it. */
        final Recorder latency = new Recorder(3);

        /**
         * Sends one DAG due at {@code intendedNs}; returns false when the node refused at once and the caller should
         * back off.
         */
        abstract boolean submit(DagPlan plan, String json, long intendedNs) throws Exception;

        /** Whether another request may be sent now without waiting for one in flight. */
        boolean hasRoom()
        {
            return true;
        }

        long acceptedDags()
        {
            return accepted.get();
        }

        long refusedDags()
        {
            return refused.get();
        }

        long pendingDags()
        {
            return pending.get();
        }

        @Override
        public void close()
        {
        }
    }

    /** Through the node's API in this JVM: measures the scheduler, not HTTP. */
    static final class DirectSubmitter extends Submitter
    {
        private final WeftNode node;

        DirectSubmitter(final WeftNode node)
        {
            this.node = node;
        }

        @Override
        boolean submit(final DagPlan plan, final String json, final long intendedNs)
        {
            pending.incrementAndGet();
            final SubmissionCallback callback = new SubmissionCallback()
            {
                @Override
                public void onAccepted(final long dagId)
                {
                    latency.recordValue(System.nanoTime() - intendedNs);
                    accepted.incrementAndGet();
                    pending.decrementAndGet();
                }

                @Override
                public void onFailed(final long dagId, final String reason)
                {
                    refused.incrementAndGet();
                    pending.decrementAndGet();
                }
            };
            if (node.api().trySubmit(plan, callback) < 0)
            {
                pending.decrementAndGet();
                refused.incrementAndGet();
                return false;
            }
            return true;
        }
    }

    /** Builds the DAG every submission uses; all jobs are noop so the run measures the fabric, not the work. */
    static DagSpec shape(final String shape, final int width, final int depth)
    {
        final List<JobSpec> jobs = new ArrayList<>();
        final byte[] payload = "{\"op\":\"noop\"}".getBytes(StandardCharsets.UTF_8);
        switch (shape)
        {
            case "flat" -> {
                for (int i = 0; i < width; i++)
                {
                    jobs.add(new JobSpec("j" + i, "noop", 0, payload, List.of()));
                }
            }
            case "layers" -> {
                for (int layer = 0; layer < depth; layer++)
                {
                    for (int i = 0; i < width; i++)
                    {
                        final List<String> deps = layer == 0 ? List.of() : List.of("l" + (layer - 1) + "-" + i, "l" + (layer - 1) + "-" + ((i + 1) % width));
                        jobs.add(new JobSpec("l" + layer + "-" + i, "noop", depth - layer, payload, deps));
                    }
                }
            }
            case "one" -> jobs.add(new JobSpec("only", "noop", 0, payload, List.of()));
            case "chain" -> {
                for (int i = 0; i < depth; i++)
                {
                    jobs.add(new JobSpec("c" + i, "noop", 0, payload, i == 0 ? List.of() : List.of("c" + (i - 1))));
                }
            }
            default -> throw new IllegalArgumentException("unknown shape '" + shape + "' (flat, one, layers, chain)");
        }
        return new DagSpec(shape + "-" + width + "x" + depth, jobs);
    }
}
