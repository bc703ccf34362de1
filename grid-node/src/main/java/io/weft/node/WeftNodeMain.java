package io.weft.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping node {}", node.nodeId());
            node.close();
            stopped.countDown();
        }, "weft-shutdown"));
        stopped.await();
    }
}
