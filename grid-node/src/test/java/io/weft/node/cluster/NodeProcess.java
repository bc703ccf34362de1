package io.weft.node.cluster;

import io.weft.node.ProcessSignals;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Weft node in its own JVM, started with {@code weft node}'s main class on the test classpath, so that a test
 * can kill it with -9 or freeze it with SIGSTOP as a crash or a long pause would. Ports are bound to 0; the node
 * writes what it bound to a ready file, which this reads.
 */
final class NodeProcess implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final Properties ready;

    private NodeProcess(final String name, final Process process, final Properties ready)
    {
        this.name = name;
        this.process = process;
        this.ready = ready;
    }

    static NodeProcess start(final Path dir, final String name, final Map<String, String> settings)
    {
        final Path readyFile = dir.resolve(name + ".ready");
        try
        {
            Files.deleteIfExists(readyFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String javaBin = ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        final List<String> command = new ArrayList<>();
        command.add(javaBin);
        for (final String flag : System.getProperty("weft.test.jvm.flags", "").trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                command.add(flag);
            }
        }
        // Small and quick to start: several of these share two cores with the test and the executors.
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dhazelcast.phone.home.enabled=false"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.weft.node.WeftNodeMain");
        command.add("--node.id=" + name);
        command.add("--node.ready-file=" + readyFile);
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        final Process process;
        try
        {
            process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
                .start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start node " + name, ex);
        }
        await("node " + name + " up").atMost(Duration.ofSeconds(90))
            .until(() -> Files.exists(readyFile) || !process.isAlive());
        if (!process.isAlive())
        {
            throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; see " + dir.resolve(name + ".log"));
        }
        final Properties ready = new Properties();
        try
        {
            ready.load(new StringReader(Files.readString(readyFile)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new NodeProcess(name, process, ready);
    }

    String name()
    {
        return name;
    }

    String baseUrl()
    {
        return "http://127.0.0.1:" + ready.getProperty("restPort");
    }

    String executorEndpoint()
    {
        return ready.getProperty("executorEndpoint");
    }

    String gridAddress()
    {
        return ready.getProperty("gridAddress");
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** kill -9: the node gets no chance to hand anything over. */
    void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP or SIGCONT, as a long GC pause or a hung host would freeze and thaw it. */
    void signal(final String signal)
    {
        ProcessSignals.send(process.pid(), signal);
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            try
            {
                signal("CONT");
            }
            catch (final RuntimeException ignore)
            {
                // gone meanwhile
            }
            process.destroy();
            try
            {
                if (!process.waitFor(15, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString()
    {
        return name + " (pid " + process.pid() + ", " + baseUrl() + ")";
    }
}
