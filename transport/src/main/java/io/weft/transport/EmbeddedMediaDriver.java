package io.weft.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An embedded Aeron media driver and one Aeron client connected to it.
 * <p>
 * Sized for small shared machines: one SHARED driver thread that backs off to a park when idle, 1 MiB
 * default terms so an unconfigured channel does not map 16 MiB terms, and a unique directory per driver so
 * several drivers (node and executors in one test JVM) never collide. The directory is deleted on start and
 * on close, so a crashed predecessor leaves nothing behind that would confuse a new driver.
 */
public final class EmbeddedMediaDriver implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMediaDriver.class);
    private static final String SHM_DIR = "/dev/shm";
    /** How long the embedded driver and its client tolerate each other's silence: a pause of the whole process. */
    static final long EMBEDDED_LIVENESS_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(10);

    private final MediaDriver mediaDriver;
    private final Aeron aeron;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMediaDriver(final MediaDriver mediaDriver, final Aeron aeron)
    {
        this.mediaDriver = mediaDriver;
        this.aeron = aeron;
    }

    /**
     * Launch a driver in a fresh directory: {@code /dev/shm/weft-aeron-<random>} where /dev/shm is usable,
     * else {@code <java.io.tmpdir>/weft-aeron-<random>}.
     */
    public static EmbeddedMediaDriver launch()
    {
        return launch(uniqueDirectoryName());
    }

    /**
     * Launch a driver in the given directory. Anything already in it is deleted.
     */
    public static EmbeddedMediaDriver launch(final String aeronDirectoryName)
    {
        return launch(aeronDirectoryName, defaultIdleStrategy());
    }

    /**
     * Launch a driver that counts a peer as gone after {@code peerLossTimeoutNs} of silence instead of Aeron's
     * defaults (5 s for a publication without status messages, 10 s for an image without data or heartbeats):
     * for an executor, which must move to another node soon after its node dies.
     *
     * @param aeronDirectoryName the directory, wiped; null for a fresh one as in {@link #launch()}.
     * @param peerLossTimeoutNs  publication connection and image liveness timeout.
     */
    public static EmbeddedMediaDriver launch(final String aeronDirectoryName, final long peerLossTimeoutNs)
    {
        if (peerLossTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("peerLossTimeoutNs must be positive: " + peerLossTimeoutNs);
        }
        return launch(
            null == aeronDirectoryName ? uniqueDirectoryName() : aeronDirectoryName,
            defaultIdleStrategy(),
            peerLossTimeoutNs);
    }

    /**
     * Launch a driver in the given directory with its own idle strategy, e.g. a shorter park for latency
     * benchmarks. Anything already in the directory is deleted.
     */
    public static EmbeddedMediaDriver launch(final String aeronDirectoryName, final IdleStrategy driverIdleStrategy)
    {
        return launch(aeronDirectoryName, driverIdleStrategy, 0);
    }

    private static EmbeddedMediaDriver launch(
        final String aeronDirectoryName, final IdleStrategy driverIdleStrategy, final long peerLossTimeoutNs)
    {
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(driverIdleStrategy)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .publicationTermBufferLength(TransportChannels.TERM_LENGTH_BYTES)
            .ipcTermBufferLength(TransportChannels.TERM_LENGTH_BYTES)
            .termBufferSparseFile(true)
            // Driver and client live and die in one process, so their timeouts of each other only ever fire when the
            // whole process was paused (a freeze, a long GC): and then the client would shut itself down for good,
            // leaving a node that thaws with no transport. Long enough for any pause a node comes back from.
            .clientLivenessTimeoutNs(EMBEDDED_LIVENESS_TIMEOUT_NS)
            .publicationUnblockTimeoutNs(2 * EMBEDDED_LIVENESS_TIMEOUT_NS) // must exceed the client liveness timeout
            .errorHandler(throwable -> LOG.warn("Aeron media driver error in {}", aeronDirectoryName, throwable));
        if (peerLossTimeoutNs > 0)
        {
            driverContext
                .publicationConnectionTimeoutNs(peerLossTimeoutNs)
                .imageLivenessTimeoutNs(peerLossTimeoutNs);
        }

        final MediaDriver mediaDriver = MediaDriver.launch(driverContext);
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(mediaDriver.aeronDirectoryName())
                .driverTimeoutMs(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(EMBEDDED_LIVENESS_TIMEOUT_NS))
                .errorHandler(throwable -> LOG.warn("Aeron client error in {}", aeronDirectoryName, throwable)));
            LOG.debug("Embedded media driver started in {}", mediaDriver.aeronDirectoryName());
            return new EmbeddedMediaDriver(mediaDriver, aeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(mediaDriver);
            throw ex;
        }
    }

    /**
     * @return the Aeron client connected to this driver; it is closed by {@link #close()}.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    public String aeronDirectoryName()
    {
        return mediaDriver.aeronDirectoryName();
    }

    /**
     * Close the client, then the driver (which deletes its directory). Idempotent.
     */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            CloseHelper.closeAll(aeron, mediaDriver);
            LOG.debug("Embedded media driver in {} closed", mediaDriver.aeronDirectoryName());
        }
    }

    private static IdleStrategy defaultIdleStrategy()
    {
        // Aeron's own default cap: an idle driver thread then costs a few percent of a core, while one capped at
        // 100 us costs about ten; under load the strategy never reaches the park, so throughput is unaffected.
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    static String uniqueDirectoryName()
    {
        final File shm = new File(SHM_DIR);
        final String base = shm.isDirectory() && shm.canWrite() ? SHM_DIR : System.getProperty("java.io.tmpdir");
        final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return new File(base, "weft-aeron-" + suffix).getAbsolutePath();
    }
}
