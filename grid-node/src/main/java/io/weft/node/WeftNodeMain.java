package io.weft.node;

import io.weft.node.cli.Launcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs a Weft node until it is told to stop (SIGTERM or Ctrl-C). */
@Command(name = "weft node", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class, sortOptions = false,
    customSynopsis = "weft node [--config=FILE] [--KEY=VALUE ...]",
    description = {"Runs a Weft node until SIGTERM or Ctrl-C.",
        "Every setting is a flag (--rest.port=8080 or --rest.port 8080); later sources win: defaults, --config files, "
            + "WEFT_* environment variables, flags."}, usageHelpWidth = 120)
public final class WeftNodeMain implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(WeftNodeMain.class);

    @Spec
    CommandSpec spec;

    private WeftNodeMain()
    {
    }

    public static void main(final String[] args)
    {
        final int exit = commandLine().execute(args);
        // A node that ran returns here while the JVM shuts down; exiting then would wait for the shutdown for ever.
        if (exit != 0)
        {
            System.exit(exit);
        }
    }

    /** The parser, with a flag per node setting; tests parse with it without starting a node. */
    static CommandLine commandLine()
    {
        return Launcher.commandLine(NodeSettingOptions.addTo(CommandSpec.forAnnotatedObject(new WeftNodeMain())));
    }

    /** The settings this command line gives, over the environment. */
    NodeConfig config()
    {
        return NodeSettingOptions.config(spec.commandLine().getParseResult(), System.getenv());
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final NodeConfig config = config();
        final WeftNode node = WeftNode.start(config);
        final String readyFile = config.get("node.ready-file");
        if (!readyFile.isBlank())
        {
            writeReadyFile(Path.of(readyFile), node);
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping node {}", node.nodeId());
            node.close();
            stopped.countDown();
        }, "weft-shutdown"));
        stopped.await();
        return 0;
    }

    /** Ports bound to 0 are only known once bound: a script or a test that started the node reads them here. */
    private static void writeReadyFile(final Path file, final WeftNode node)
    {
        final String text = "nodeId=" + node.nodeId() + "\nrestPort=" + node.restPort() + "\nexecutorEndpoint=" + node.executorEndpoint()
            + "\ngridAddress=" + node.gridAddress() + "\n";
        try
        {
            final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the ready file " + file, ex);
        }
    }
}
