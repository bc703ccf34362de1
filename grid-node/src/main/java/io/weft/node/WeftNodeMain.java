package io.weft.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** Runs a Weft node until it is told to stop (SIGTERM or Ctrl-C). */
public final class WeftNodeMain
{
    private static final Logger LOG = LoggerFactory.getLogger(WeftNodeMain.class);

    private WeftNodeMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        if (Arrays.asList(args).contains("--help"))
        {
            System.out.println("usage: weft node [--config=FILE] [--key=value ...]\n\nsettings:\n" + NodeConfig.help());
            return;
        }
        final NodeConfig config;
        try
        {
            config = NodeConfig.fromArgs(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("weft: " + ex.getMessage());
            System.exit(2);
            return;
        }
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
