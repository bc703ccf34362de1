package io.weft.transport.sample;

import io.weft.transport.executor.ExecutorClient;
import io.weft.transport.executor.ExecutorDeclaration;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A sample executor process that serves the classes of {@link SampleJobHandler}; {@code weft executor} runs it.
 * Runs until killed; a shutdown hook closes the client.
 */
@Command(name = "weft executor", mixinStandardHelpOptions = true, versionProvider = SampleExecutorMain.Version.class, sortOptions = false,
    usageHelpWidth = 100,
    description = {"Runs a sample executor: jobs do what their payload's \"op\" says (noop, sleep, echo, cpu, fail), "
        + "else what their class is named. Runs until killed."})
public final class SampleExecutorMain implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(SampleExecutorMain.class);

    static final String DEFAULT_SLOTS = "noop=8,sleep=4,echo=2,cpu=2";

    @Option(names = "--node", paramLabel = "HOST:PORT,...", required = true,
        description = {"executor endpoints of the cluster's nodes; the executor follows the scheduling owner and turns to the next "
            + "node when its node is lost"})
    String node;

    @Option(names = "--slots", paramLabel = "CLASS=N,...", description = "slots per executor class (default " + DEFAULT_SLOTS + ")")
    String slots = DEFAULT_SLOTS;

    @Option(names = "--threads", paramLabel = "CLASS=N,...", description = {"worker threads per executor class (default: one per slot); "
        + "fewer suit short jobs such as noop"})
    String threads = "";

    @Option(names = "--instance-id", paramLabel = "N", description = "executor instance id (default random)")
    long instanceId;

    @Option(names = "--deployment", paramLabel = "NAME", description = "deployment name (default sample)")
    String deployment = "sample";

    @Option(names = "--heartbeat-ms", paramLabel = "N", description = "heartbeat interval in ms (default 1000)")
    int heartbeatMs = 1000;

    @Option(names = "--record-file", paramLabel = "PATH", description = "append a line per completed job (dagId jobIndex jobId attempt token)")
    String recordFile;

    @Option(names = "--aeron-dir", paramLabel = "PATH", description = "media driver directory (default: a fresh one; given, it is wiped and reused)")
    String aeronDir;

    @Option(names = "--token-file", paramLabel = "PATH",
        description = "the executor token the node checks (default: $WEFT_EXECUTOR_TOKEN, else ~/.weft/executor-token)")
    String tokenFile;

    @Option(names = "--epoch", paramLabel = "N", description = "the configuration version this instance runs (shown in the deployments view)")
    long epoch;

    @Option(names = "--endpoints", paramLabel = "LIST", description = "comma-separated endpoints it serves, e.g. /extract,/classify")
    String endpoints = "";

    @Option(names = "--resources", paramLabel = "LIST", description = "e.g. cpu=4,memory-mb=8192,gpu=1")
    String resources = "";

    @Option(names = "--config", paramLabel = "LIST",
        description = "its configuration as name=value pairs, comma-separated (secret-looking values are masked)")
    String configuration = "";

    @Spec
    CommandSpec spec;

    private SampleExecutorMain()
    {
    }

    public static void main(final String[] args)
    {
        final int exit = commandLine().execute(args);
        // A client that ran returns here while the JVM shuts down; exiting then would wait for the shutdown for ever.
        if (exit != 0)
        {
            System.exit(exit);
        }
    }

    /**
     * The parser, set up as io.weft.node.cli.Launcher sets up every other weft command (this module sits below that
     * one): last value of a repeated flag wins, no '@file' expansion, a bad command line in a few lines with exit 2.
     */
    static CommandLine commandLine()
    {
        return new CommandLine(new SampleExecutorMain())
            .setOverwrittenOptionsAllowed(true)
            .setExpandAtFiles(false)
            .setParameterExceptionHandler((ex, args) -> {
                final String name = ex.getCommandLine().getCommandSpec().qualifiedName();
                final PrintWriter err = ex.getCommandLine().getErr();
                err.println(name + ": " + ex.getMessage());
                CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
                err.println("See '" + name + " --help'.");
                err.flush();
                return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
            });
    }

    /** What was parsed, checked; a refusal is a bad command line. */
    Options options()
    {
        try
        {
            if (heartbeatMs <= 0)
            {
                throw new IllegalArgumentException("--heartbeat-ms must be positive");
            }
            final Map<String, Integer> slotsByClass = Options.parseSlots(slots);
            final Map<String, Integer> threadsByClass = Options.parseCounts("--threads", threads);
            for (final String executorClass : threadsByClass.keySet())
            {
                if (!slotsByClass.containsKey(executorClass))
                {
                    throw new IllegalArgumentException("--threads names class " + executorClass + ", which --slots does not");
                }
            }
            return new Options(Options.parseNodes(node), slotsByClass, threadsByClass, instanceId, deployment, heartbeatMs, recordFile, aeronDir,
                tokenFile, new ExecutorDeclaration(epoch, endpoints, resources, configuration.replace(',', '\n')));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
    }

    /** Parsed command line. */
    record Options(
        List<String> nodes, Map<String, Integer> slots, Map<String, Integer> threads, long instanceId, String deployment, int heartbeatMs, String recordFile, String aeronDir,
        String tokenFile,
        ExecutorDeclaration declared)
    {
        /** The token to present: $WEFT_EXECUTOR_TOKEN, else the token file's content; empty when there is none. */
        String token(final Map<String, String> environment)
        {
            final String fromEnvironment = environment.get("WEFT_EXECUTOR_TOKEN");
            if (fromEnvironment != null && !fromEnvironment.isBlank() && tokenFile == null)
            {
                return fromEnvironment.strip();
            }
            final java.nio.file.Path file = tokenFile != null ? java.nio.file.Path.of(tokenFile)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".weft", "executor-token");
            try
            {
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file).strip() : "";
            }
            catch (final java.io.IOException ex)
            {
                throw new IllegalArgumentException("cannot read the token file " + file + ": " + ex.getMessage());
            }
        }

        /** For tests: the options {@code args} give, or IllegalArgumentException with the reason. */
        static Options parse(final String[] args)
        {
            final CommandLine cli = commandLine();
            try
            {
                cli.parseArgs(args);
                return cli.<SampleExecutorMain>getCommand().options();
            }
            catch (final CommandLine.ParameterException ex)
            {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
        }

        static List<String> parseNodes(final String spec)
        {
            final List<String> nodes = new ArrayList<>();
            for (final String part : spec.split(","))
            {
                final String trimmed = part.trim();
                if (trimmed.isEmpty())
                {
                    continue;
                }
                final int colon = trimmed.lastIndexOf(':');
                if (colon <= 0 || colon == trimmed.length() - 1)
                {
                    throw new IllegalArgumentException("--node must look like host:port: " + trimmed);
                }
                parseLong("--node", trimmed.substring(colon + 1));
                nodes.add(trimmed);
            }
            if (nodes.isEmpty())
            {
                throw new IllegalArgumentException("--node names no endpoint");
            }
            return List.copyOf(nodes);
        }

        static Map<String, Integer> parseSlots(final String spec)
        {
            final Map<String, Integer> slots = parseCounts("--slots", spec);
            if (slots.isEmpty())
            {
                throw new IllegalArgumentException("--slots names no class");
            }
            return slots;
        }

        /** "class=count,..." with every count positive; empty when the spec names nothing. */
        static Map<String, Integer> parseCounts(final String flag, final String spec)
        {
            final Map<String, Integer> slots = new LinkedHashMap<>();
            for (final String part : spec.split(","))
            {
                final String trimmed = part.trim();
                if (trimmed.isEmpty())
                {
                    continue;
                }
                final int eq = trimmed.indexOf('=');
                if (eq <= 0 || eq == trimmed.length() - 1)
                {
                    throw new IllegalArgumentException(flag + " must look like class=count: " + trimmed);
                }
                final int count = (int)parseLong(flag, trimmed.substring(eq + 1).trim());
                if (count <= 0)
                {
                    throw new IllegalArgumentException(flag + " counts must be positive: " + trimmed);
                }
                slots.put(trimmed.substring(0, eq).trim(), count);
            }
            return slots;
        }

        private static long parseLong(final String flag, final String value)
        {
            try
            {
                return Long.parseLong(value.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(flag + " needs a number: " + value);
            }
        }
    }

    /** Version of the build, from the jar's manifest, as every weft command prints it. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = SampleExecutorMain.class.getPackage().getImplementationVersion();
            return new String[] {"weft " + (version == null ? "(development build)" : version)};
        }
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final Options options = options();
        final ExecutorClient.Builder builder = ExecutorClient.builder()
            .nodeEndpoints(options.nodes())
            .deploymentName(options.deployment())
            .owner(System.getProperty("user.name", ""))
            .version("sample")
            .capabilities(Set.of("sample"))
            .heartbeatIntervalMs(options.heartbeatMs())
            .token(options.token(System.getenv()))
            .declare(options.declared())
            .handler(options.recordFile() == null
                ? new SampleJobHandler()
                : new RecordingJobHandler(new SampleJobHandler(), java.nio.file.Path.of(options.recordFile())));
        options.slots().forEach(builder::slots);
        options.threads().forEach(builder::threads);
        if (null != options.aeronDir())
        {
            builder.aeronDirectoryName(options.aeronDir());
        }
        if (0 != options.instanceId())
        {
            builder.instanceId(options.instanceId());
        }

        final ExecutorClient client = builder.start();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            client.close();
            stopped.countDown();
        }, "weft-sample-executor-shutdown"));

        final SleepingMillisIdleStrategy idleStrategy = new SleepingMillisIdleStrategy(50);
        while (!client.isRegistered() && stopped.getCount() > 0)
        {
            idleStrategy.idle();
        }
        if (client.isRegistered())
        {
            LOG.info("Sample executor {} registered with the node at {}, slots {}",
                client.instanceId(), client.linkedEndpoint(), options.slots());
        }

        stopped.await();
        return 0;
    }
}
