package io.weft.transport.sample;

import io.weft.transport.executor.ExecutorClient;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A sample executor process that serves the classes of {@link SampleJobHandler}.
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp ... io.weft.transport.sample.SampleExecutorMain \
 *     --node 127.0.0.1:40123[,127.0.0.1:40124...] [--slots noop=8,sleep=4,echo=2,cpu=2] [--instance-id N] \
 *     [--deployment sample] [--heartbeat-ms 1000]
 * </pre>
 * Runs until killed; a shutdown hook closes the client.
 */
public final class SampleExecutorMain
{
    private static final Logger LOG = LoggerFactory.getLogger(SampleExecutorMain.class);

    static final String DEFAULT_SLOTS = "noop=8,sleep=4,echo=2,cpu=2";
    static final String USAGE = String.join(System.lineSeparator(),
        "Usage: SampleExecutorMain --node HOST:PORT[,HOST:PORT...] [options]",
        "  --node HOST:PORT,...    executor endpoints of the cluster's nodes (required); the executor follows",
        "                          the scheduling owner and turns to the next node when its node is lost",
        "  --slots CLASS=N,...     slots per executor class (default " + DEFAULT_SLOTS + ")",
        "  --instance-id N         executor instance id (default random)",
        "  --deployment NAME       deployment name (default sample)",
        "  --heartbeat-ms N        heartbeat interval in ms (default 1000)",
        "  --record-file PATH      append a line per completed job (dagId jobIndex jobId attempt token)",
        "  --aeron-dir PATH        media driver directory (default: a fresh one; given, it is wiped and reused)",
        "  --token-file PATH       the executor token the node checks (default: $WEFT_EXECUTOR_TOKEN, else ~/.weft/executor-token)",
        "  --epoch N               the configuration version this instance runs (shown in the deployments view)",
        "  --endpoints LIST        comma-separated endpoints it serves, e.g. /extract,/classify",
        "  --resources LIST        e.g. cpu=4,memory-mb=8192,gpu=1",
        "  --config LIST           its configuration as name=value pairs, comma-separated (secret-looking values are masked)",
        "  --help                  print this help");

    private SampleExecutorMain()
    {
    }

    /** Parsed command line. */
    record Options(
        List<String> nodes, Map<String, Integer> slots, long instanceId, String deployment, int heartbeatMs, String recordFile, String aeronDir,
        String tokenFile,
        io.weft.transport.executor.ExecutorDeclaration declared)
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

        static Options parse(final String[] args)
        {
            String node = null;
            String slots = DEFAULT_SLOTS;
            long instanceId = 0;
            String deployment = "sample";
            int heartbeatMs = 1000;
            String recordFile = null;
            String aeronDir = null;
            String tokenFile = null;
            long epoch = 0;
            String endpoints = "";
            String resources = "";
            String configuration = "";

            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                final int eq = arg.indexOf('=');
                final String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
                final String value;
                if (arg.startsWith("--") && eq > 0)
                {
                    value = arg.substring(eq + 1);
                }
                else if (i + 1 < args.length)
                {
                    value = args[++i];
                }
                else
                {
                    throw new IllegalArgumentException("missing value for " + arg);
                }

                switch (flag)
                {
                    case "--node":
                        node = value;
                        break;
                    case "--slots":
                        slots = value;
                        break;
                    case "--instance-id":
                        instanceId = parseLong(flag, value);
                        break;
                    case "--deployment":
                        deployment = value;
                        break;
                    case "--record-file":
                        recordFile = value;
                        break;
                    case "--aeron-dir":
                        aeronDir = value;
                        break;
                    case "--token-file":
                        tokenFile = value;
                        break;
                    case "--epoch":
                        epoch = parseLong(flag, value);
                        break;
                    case "--endpoints":
                        endpoints = value;
                        break;
                    case "--resources":
                        resources = value;
                        break;
                    case "--config":
                        configuration = value.replace(',', '\n');
                        break;
                    case "--heartbeat-ms":
                        heartbeatMs = (int)parseLong(flag, value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + flag);
                }
            }

            if (null == node || node.isEmpty())
            {
                throw new IllegalArgumentException("--node is required");
            }
            final List<String> nodes = parseNodes(node);
            if (heartbeatMs <= 0)
            {
                throw new IllegalArgumentException("--heartbeat-ms must be positive");
            }
            return new Options(nodes, parseSlots(slots), instanceId, deployment, heartbeatMs, recordFile, aeronDir, tokenFile,
                new io.weft.transport.executor.ExecutorDeclaration(epoch, endpoints, resources, configuration));
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
                    throw new IllegalArgumentException("slots must look like class=count: " + trimmed);
                }
                final int count = (int)parseLong("--slots", trimmed.substring(eq + 1).trim());
                if (count <= 0)
                {
                    throw new IllegalArgumentException("slot count must be positive: " + trimmed);
                }
                slots.put(trimmed.substring(0, eq).trim(), count);
            }
            if (slots.isEmpty())
            {
                throw new IllegalArgumentException("--slots names no class");
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

    public static void main(final String[] args) throws InterruptedException
    {
        for (final String arg : args)
        {
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                // Command-line help belongs on stdout, where a user asked for it, not in the log.
                System.out.println(USAGE);
                return;
            }
        }

        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

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
    }
}
