package io.weft.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the sample executor as a separate OS process on this JVM's classpath, so that a demo, a test or the load
 * generator exercises the real Aeron UDP path between processes.
 */
public final class SampleExecutorProcess implements AutoCloseable
{
    private final Process process;

    private SampleExecutorProcess(final Process process)
    {
        this.process = process;
    }

    /**
     * @param nodeEndpoint host:port of the node's executor endpoint
     * @param slots        e.g. "ocr=4,classify=2"
     * @param log          where the process's output goes
     * @param extraArgs    further flags for the sample executor
     */
    public static SampleExecutorProcess start(final String nodeEndpoint, final String slots, final Path log, final String... extraArgs)
    {
        final String javaBin = ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        final List<String> command = new ArrayList<>();
        command.add(javaBin);
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xmx256m");
        // On a small machine the common pool has one worker and async completions would each start a thread.
        command.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.weft.transport.sample.SampleExecutorMain");
        command.add("--node");
        command.add(nodeEndpoint);
        command.add("--slots");
        command.add(slots);
        command.addAll(List.of(extraArgs));
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            return new SampleExecutorProcess(process);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start the sample executor: " + command, ex);
        }
    }

    public long pid()
    {
        return process.pid();
    }

    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** Kills the process without letting it say goodbye, as a crash would. */
    public void kill()
    {
        process.destroyForcibly();
    }

    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
