package io.weft.node.signals;

import io.weft.scheduler.api.LatencySignal;
import io.weft.scheduler.signals.SignalKey;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyLogWriterTest
{
    private final long[] nowMs = {1_700_000_000_000L};

    @Test
    void intervalsAreTaggedPerSignalAndClassAndReadBackByHdrHistogramsReader(@TempDir final Path dir) throws Exception
    {
        try (LatencyLogWriter writer = new LatencyLogWriter(dir, "node-1", 1 << 20, 3_600_000, 0, () -> nowMs[0]))
        {
            writer.append(Map.of(
                new SignalKey(LatencySignal.SLOT_WAIT, "ocr"), histogram(nowMs[0] - 10_000, nowMs[0], 1_000_000, 2_000_000),
                new SignalKey(LatencySignal.JOURNAL_WRITE, null), histogram(nowMs[0] - 10_000, nowMs[0], 300_000)));
            nowMs[0] += 10_000;
            writer.append(Map.of(new SignalKey(LatencySignal.SLOT_WAIT, "ocr"), histogram(nowMs[0] - 10_000, nowMs[0], 5_000_000)));
        }
        final List<File> files = logs(dir);
        assertEquals(1, files.size());
        final HistogramLogReader reader = new HistogramLogReader(files.get(0));
        final List<String> read = new ArrayList<>();
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null)
        {
            final Histogram h = (Histogram)interval;
            read.add(h.getTag() + " n=" + h.getTotalCount() + " max~" + Math.round(h.getMaxValue() / 1e5) / 10.0 + "ms");
        }
        assertEquals(List.of("journal-write n=1 max~0.3ms", "slot-wait:ocr n=2 max~2.0ms", "slot-wait:ocr n=1 max~5.0ms"), read);
    }

    @Test
    void filesPastTheRetentionAreDeletedWhenANewFileStartsAndOnlyLatencyLogsAreTouched(@TempDir final Path dir) throws Exception
    {
        final Path stale = dir.resolve("weft-latency-node-1-20200101T000000.000Z.hlog");
        Files.writeString(stale, "#old\n");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(nowMs[0] - 8 * 24 * 3_600_000L));
        final Path foreign = dir.resolve("notes.txt");
        Files.writeString(foreign, "kept");
        Files.setLastModifiedTime(foreign, FileTime.fromMillis(0));
        try (LatencyLogWriter writer = new LatencyLogWriter(dir, "node-1", 1 << 20, 60_000, 7 * 24 * 3_600_000L, () -> nowMs[0]))
        {
            writer.append(Map.of(new SignalKey(LatencySignal.LEASE, "ocr"), histogram(nowMs[0] - 1_000, nowMs[0], 1_000)));
        }
        assertFalse(Files.exists(stale), "older than the retention");
        assertTrue(Files.exists(foreign), "not a latency log");
    }

    @Test
    void aFileIsRotatedPastItsSizeOrItsAgeAndRotationLosesNoInterval(@TempDir final Path dir) throws Exception
    {
        final Path bySize = Files.createDirectory(dir.resolve("by-size"));
        try (LatencyLogWriter writer = new LatencyLogWriter(bySize, "node-1", 1, 3_600_000, 0, () -> nowMs[0]))
        {
            for (int i = 0; i < 3; i++)
            {
                nowMs[0] += 1_000;
                writer.append(Map.of(new SignalKey(LatencySignal.LEASE, "ocr"), histogram(nowMs[0] - 1_000, nowMs[0], 1_000)));
            }
        }
        assertEquals(3, logs(bySize).size(), "every file is past one byte: each interval starts a new one");
        assertEquals(3, intervals(bySize));

        final Path byAge = Files.createDirectory(dir.resolve("by-age"));
        try (LatencyLogWriter writer = new LatencyLogWriter(byAge, "node-1", 1 << 20, 60_000, 0, () -> nowMs[0]))
        {
            for (final long stepMs : new long[] {1_000, 1_000, 59_000, 1_000})
            {
                nowMs[0] += stepMs;
                writer.append(Map.of(new SignalKey(LatencySignal.LEASE, "ocr"), histogram(nowMs[0] - 1_000, nowMs[0], 1_000)));
            }
        }
        assertEquals(2, logs(byAge).size(), "the third interval comes 60 s after the file opened");
        assertEquals(4, intervals(byAge));
    }

    private static long intervals(final Path dir) throws Exception
    {
        long intervals = 0;
        for (final File log : logs(dir))
        {
            final HistogramLogReader reader = new HistogramLogReader(log);
            while (reader.nextIntervalHistogram() != null)
            {
                intervals++;
            }
        }
        return intervals;
    }

    private static Histogram histogram(final long startMs, final long endMs, final long... valuesNs)
    {
        final Histogram h = new Histogram(2);
        for (final long v : valuesNs)
        {
            h.recordValue(v);
        }
        h.setStartTimeStamp(startMs);
        h.setEndTimeStamp(endMs);
        return h;
    }

    private static List<File> logs(final Path dir) throws Exception
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".hlog")).map(Path::toFile).sorted().toList();
        }
    }
}
