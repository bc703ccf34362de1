package io.weft.perf;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.JobSpec;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;

/** Command-line options of the load generator; {@link #check()} refuses what their types let through. */
final class LoadOptions
{
    @Option(names = "--nodes", paramLabel = "N", order = 1, description = {"nodes in one grid, all in this JVM (default 1); executors and "
        + "HTTP requests are spread over them, and the scheduler runs on the first"})
    int nodes = 1;

    @Option(names = "--executors", paramLabel = "N", order = 2, description = "sample executor processes (default 1)")
    int executors = 1;

    @Option(names = "--slots", paramLabel = "N", order = 3, description = "noop slots per executor (default 256)")
    int slots = 256;

    @Option(names = "--executor-threads", paramLabel = "N", order = 3, description = {"worker threads per executor process for its noop "
        + "slots (default 4; at most the slots): noop jobs never block, so a thread per slot would only cost"})
    int executorThreads = 4;

    @Option(names = "--shape", paramLabel = "S", order = 4, description = {"flat (width independent jobs), one (1-job DAGs), layers (depth "
        + "layers of width jobs, each job depending on two of the layer above) or chain (depth jobs in a line); default flat"})
    String shape = "flat";

    @Option(names = "--width", paramLabel = "N", order = 5, description = "jobs per layer (default 1000)")
    int width = 1000;

    @Option(names = "--depth", paramLabel = "N", order = 6, description = "layers or chain length (default 1)")
    int depth = 1;

    @Option(names = "--rate", paramLabel = "N", order = 7, description = {"target jobs per second, offered open-loop: each DAG has an "
        + "intended send time and its latency counts from then, however late the generator is; 0 = as fast as possible"})
    int ratePerSecond;

    @Option(names = "--duration", paramLabel = "S", order = 8, description = "measured seconds (default 20)")
    int durationSeconds = 20;

    @Option(names = "--warmup", paramLabel = "S", order = 9, description = "unmeasured seconds first (default 5)")
    int warmupSeconds = 5;

    @Option(names = "--max-in-flight", paramLabel = "N", order = 10, description = "submitted but unfinished jobs allowed (default 200000)")
    long maxInFlightJobs = 200_000;

    @Option(names = "--connections", paramLabel = "N", order = 12,
        description = "HTTP requests in flight at most, each on its own keep-alive connection (default 64)")
    int connections = 64;

    /** The node's grid.retention.finished-ms and grid.retention.max-finished-jobs; null keeps the node's defaults. */
    String retentionMs;
    String maxFinishedJobs;
    String maxFinishedDags;

    @Option(names = "--ownership", paramLabel = "single|partitioned", order = 16, description = {"the nodes' cluster.ownership "
        + "(default: the node's default)"})
    String ownership;

    @Option(names = "--submit", paramLabel = "http|direct", order = 11, description = "through the REST bridge (default) or the in-process API")
    String submit = "http";

    @Option(names = "--retention-ms", paramLabel = "N", order = 13,
        description = "how long the node keeps a finished DAG (default: the node's, 1 hour; 0 = for ever)")
    void setRetentionMs(final long value)
    {
        retentionMs = String.valueOf(value);
    }

    @Option(names = "--max-finished-jobs", paramLabel = "N", order = 14,
        description = "finished jobs the node keeps at most (default: the node's, 1,000,000; 0 = no limit)")
    void setMaxFinishedJobs(final long value)
    {
        maxFinishedJobs = String.valueOf(value);
    }

    @Option(names = "--max-finished-dags", paramLabel = "N", order = 15,
        description = "finished DAGs the node keeps at most (default: the node's, 200,000; 0 = no limit)")
    void setMaxFinishedDags(final long value)
    {
        maxFinishedDags = String.valueOf(value);
    }

    /** @throws IllegalArgumentException for a count that must be positive and is not, an unknown way to submit or shape */
    void check()
    {
        positive("--nodes", nodes);
        positive("--executors", executors);
        positive("--slots", slots);
        positive("--executor-threads", executorThreads);
        positive("--width", width);
        positive("--depth", depth);
        positive("--duration", durationSeconds);
        positive("--max-in-flight", maxInFlightJobs);
        positive("--connections", connections);
        if (!submit.equals("http") && !submit.equals("direct"))
        {
            throw new IllegalArgumentException("--submit must be http or direct");
        }
        LoadGeneratorMain.shape(shape, width, depth);
    }

    /** Through the REST bridge, not the in-process API. */
    boolean http()
    {
        return submit.equals("http");
    }

    DagSpec dagSpec()
    {
        return LoadGeneratorMain.shape(shape, width, depth);
    }

    int jobsPerDag()
    {
        return dagSpec().jobs().size();
    }

    String dagJson()
    {
        final DagSpec spec = dagSpec();
        final StringBuilder sb = new StringBuilder(spec.jobs().size() * 64);
        sb.append("{\"name\":\"").append(spec.name()).append("\",\"jobs\":[");
        for (int i = 0; i < spec.jobs().size(); i++)
        {
            final JobSpec job = spec.jobs().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(job.id()).append("\",\"executorClass\":\"").append(job.executorClass())
                .append("\",\"priority\":").append(job.priority()).append(",\"payload\":").append(new String(job.payload(), StandardCharsets.UTF_8))
                .append(",\"dependsOn\":[");
            for (int d = 0; d < job.dependsOn().size(); d++)
            {
                sb.append(d == 0 ? "" : ",").append('"').append(job.dependsOn().get(d)).append('"');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    private static void positive(final String flag, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(flag + " must be positive");
        }
    }
}
