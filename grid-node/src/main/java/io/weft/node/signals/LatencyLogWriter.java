package io.weft.node.signals;

import io.weft.scheduler.signals.SignalKey;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writes each closed interval of a node's latency signals to HdrHistogram interval logs, one tagged histogram per
 * signal and class ({@code slot-wait:ocr}; a node-wide signal by its name alone), in the format
 * {@code HistogramLogProcessor} and {@code HistogramLogAnalyzer} read. Values are nanoseconds. A new file starts
 * when the current one passes {@code rotateBytes} or has been open {@code rotateMs}; files older than
 * {@code retentionMs} are deleted. Called from one thread.
 */
public final class LatencyLogWriter implements AutoCloseable
{
    static final String SUFFIX = ".hlog";
    private static final Logger LOG = LoggerFactory.getLogger(LatencyLogWriter.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final String prefix;
    private final long rotateBytes;
    private final long rotateMs;
    private final long retentionMs;
    private final LongSupplier clockMs;
    private HistogramLogWriter writer;
    private File file;
    private long openedAtMs;

    public LatencyLogWriter(
        final Path directory, final String nodeId, final long rotateBytes, final long rotateMs, final long retentionMs, final LongSupplier clockMs)
    {
        this.directory = directory;
        this.prefix = "weft-latency-" + nodeId.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
        this.rotateBytes = rotateBytes;
        this.rotateMs = rotateMs;
        this.retentionMs = retentionMs;
        this.clockMs = clockMs;
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the latency log directory " + directory, ex);
        }
    }

    /** Appends one interval's histograms (their time stamps set) and rotates or prunes when due. */
    public void append(final Map<SignalKey, Histogram> interval)
    {
        final long nowMs = clockMs.getAsLong();
        if (writer == null || file.length() >= rotateBytes || nowMs - openedAtMs >= rotateMs)
        {
            rotate(nowMs);
        }
        interval.entrySet().stream()
            .sorted(Map.Entry.comparingByKey(Comparator.comparing(SignalKey::logTag)))
            .forEach(entry -> {
                final Histogram histogram = entry.getValue();
                histogram.setTag(entry.getKey().logTag());
                writer.outputIntervalHistogram(histogram);
            });
    }

    private void rotate(final long nowMs)
    {
        closeWriter();
        file = directory.resolve(prefix + STAMP.format(Instant.ofEpochMilli(nowMs)) + SUFFIX).toFile();
        try
        {
            writer = new HistogramLogWriter(file);
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException("cannot open the latency log " + file, ex);
        }
        openedAtMs = nowMs;
        writer.outputComment("Weft latency signals in nanoseconds; tag = signal:executor-class (or signal, for a node-wide one)");
        writer.outputLogFormatVersion();
        writer.outputStartTime(nowMs);
        writer.setBaseTime(nowMs);
        writer.outputBaseTime(nowMs);
        writer.outputLegend();
        prune(nowMs);
    }

    private void prune(final long nowMs)
    {
        if (retentionMs <= 0)
        {
            return;
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(directory, prefix + "*" + SUFFIX))
        {
            for (final Path log : logs)
            {
                if (!log.toFile().equals(file) && Files.getLastModifiedTime(log).toMillis() < nowMs - retentionMs)
                {
                    Files.deleteIfExists(log);
                    LOG.info("deleted latency log {}: older than the retention of {} ms", log, retentionMs);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("could not prune latency logs in {}", directory, ex);
        }
    }

    /** The file being written, or null before the first interval. */
    public File currentFile()
    {
        return file;
    }

    private void closeWriter()
    {
        if (writer != null)
        {
            writer.close();
            writer = null;
        }
    }

    @Override
    public void close()
    {
        closeWriter();
    }
}
