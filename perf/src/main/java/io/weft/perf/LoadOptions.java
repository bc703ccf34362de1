package io.weft.perf;

import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.JobSpec;

import java.nio.charset.StandardCharsets;

/** Command-line options of the load generator. */
final class LoadOptions
{
    int executors = 1;
    int nodes = 1;
    int slots = 256;
    String shape = "flat";
    int width = 1000;
    int depth = 1;
    int ratePerSecond;
    int durationSeconds = 20;
    int warmupSeconds = 5;
    long maxInFlightJobs = 200_000;
    boolean http = true;
    int connections = 64;
    boolean help;
    /** The node's grid.retention.finished-ms and grid.retention.max-finished-jobs; null keeps the node's defaults. */
    String retentionMs;
    String maxFinishedJobs;
    String maxFinishedDags;

    static String usage()
    {
        return String.join("\n",
            "usage: weft load [options]",
            "",
            "Starts a node in this JVM and sample executor processes (noop jobs), drives DAGs through it and prints",
            "throughput and HdrHistogram percentiles of each stage of the hot path.",
            "",
            "  --nodes=N           nodes in one grid, all in this JVM (default 1); executors and HTTP requests are spread",
            "                      over them, and the scheduler runs on the first",
            "  --executors=N       sample executor processes (default 1)",
            "  --slots=N           noop slots per executor (default 256)",
            "  --shape=S           flat (width independent jobs), one (1-job DAGs), layers (depth layers of width jobs, each job",
            "                      depending on two of the layer above) or chain (depth jobs in a line); default flat",
            "  --width=N           jobs per layer (default 1000)",
            "  --depth=N           layers or chain length (default 1)",
            "  --rate=N            target jobs per second, offered open-loop: each DAG has an intended send time and its",
            "                      latency counts from then, however late the generator is; 0 = as fast as possible",
            "  --duration=S        measured seconds (default 20)",
            "  --warmup=S          unmeasured seconds first (default 5)",
            "  --max-in-flight=N   submitted but unfinished jobs allowed (default 200000)",
            "  --submit=http|direct  through the REST bridge (default) or the in-process API",
            "  --connections=N     HTTP requests in flight at most, each on its own keep-alive connection (default 64)",
            "  --retention-ms=N    how long the node keeps a finished DAG (default: the node's, 1 hour; 0 = for ever)",
            "  --max-finished-jobs=N  finished jobs the node keeps at most (default: the node's, 1,000,000; 0 = no limit)",
            "  --max-finished-dags=N  finished DAGs the node keeps at most (default: the node's, 200,000; 0 = no limit)",
            "",
            "Prints the heap after a full GC when measuring starts and when it ends, and the difference per finished job.",
            "  --help");
    }

    static LoadOptions parse(final String[] args)
    {
        final LoadOptions o = new LoadOptions();
        for (final String arg : args)
        {
            if (arg.equals("--help"))
            {
                o.help = true;
                continue;
            }
            final int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0)
            {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            final String key = arg.substring(2, eq);
            final String value = arg.substring(eq + 1);
            switch (key)
            {
                case "executors" -> o.executors = positive(key, value);
                case "nodes" -> o.nodes = positive(key, value);
                case "slots" -> o.slots = positive(key, value);
                case "shape" -> o.shape = value;
                case "width" -> o.width = positive(key, value);
                case "depth" -> o.depth = positive(key, value);
                case "rate" -> o.ratePerSecond = Integer.parseInt(value);
                case "duration" -> o.durationSeconds = positive(key, value);
                case "warmup" -> o.warmupSeconds = Integer.parseInt(value);
                case "max-in-flight" -> o.maxInFlightJobs = positive(key, value);
                case "connections" -> o.connections = positive(key, value);
                case "retention-ms" -> o.retentionMs = String.valueOf(Long.parseLong(value));
                case "max-finished-jobs" -> o.maxFinishedJobs = String.valueOf(Long.parseLong(value));
                case "max-finished-dags" -> o.maxFinishedDags = String.valueOf(Long.parseLong(value));
                case "submit" -> {
                    if (!value.equals("http") && !value.equals("direct"))
                    {
                        throw new IllegalArgumentException("--submit must be http or direct");
                    }
                    o.http = value.equals("http");
                }
                default -> throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        LoadGeneratorMain.shape(o.shape, o.width, o.depth);
        return o;
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

    private static int positive(final String key, final String value)
    {
        final int n = Integer.parseInt(value);
        if (n <= 0)
        {
            throw new IllegalArgumentException("--" + key + " must be positive");
        }
        return n;
    }
}
