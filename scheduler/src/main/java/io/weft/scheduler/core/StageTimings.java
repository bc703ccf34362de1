package io.weft.scheduler.core;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latency of the stages of the hot path, in nanoseconds. The core is the only writer, so single-writer recorders
 * cost it a few nanoseconds per value; readers take interval histograms without stopping it.
 */
public final class StageTimings
{
    /** Job became ready (entered the frontier) until its dispatch left the node. */
    public final SingleWriterRecorder readyToDispatch = new SingleWriterRecorder(3);
    /** DAG submission accepted by the REST bridge until a job's first dispatch left the node. */
    public final SingleWriterRecorder submitToDispatch = new SingleWriterRecorder(3);
    /** Dispatch left the node until the terminal callback reached the core (slot occupancy seen from the node). */
    public final SingleWriterRecorder dispatchToCallback = new SingleWriterRecorder(3);
    /** DAG submission until the job reached a terminal state. */
    public final SingleWriterRecorder submitToTerminal = new SingleWriterRecorder(3);
    /** Time spent writing one ring batch to the journal (durable lease and state records). */
    public final SingleWriterRecorder journalWrite = new SingleWriterRecorder(3);

    private final Histogram[] cumulative = {
        new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3)};

    /**
     * Everything recorded since the last interval snapshot, for each stage. What it returns is also folded into
     * the cumulative histograms, so interval readers (the load generator) and cumulative readers (the metrics
     * endpoint) never steal each other's samples.
     */
    public synchronized Snapshot intervalSnapshot()
    {
        final Snapshot interval = new Snapshot(
            readyToDispatch.getIntervalHistogram(),
            submitToDispatch.getIntervalHistogram(),
            dispatchToCallback.getIntervalHistogram(),
            submitToTerminal.getIntervalHistogram(),
            journalWrite.getIntervalHistogram());
        final Histogram[] parts = interval.asArray();
        for (int i = 0; i < parts.length; i++)
        {
            cumulative[i].add(parts[i]);
        }
        return interval;
    }

    /** Everything recorded since the node started, for each stage. */
    public synchronized Snapshot cumulativeSnapshot()
    {
        intervalSnapshot();
        return new Snapshot(cumulative[0].copy(), cumulative[1].copy(), cumulative[2].copy(), cumulative[3].copy(), cumulative[4].copy());
    }

    public record Snapshot(
        Histogram readyToDispatch,
        Histogram submitToDispatch,
        Histogram dispatchToCallback,
        Histogram submitToTerminal,
        Histogram journalWrite)
    {
        /** Stage names as the metrics endpoint reports them, in the order of {@link #asArray()}. */
        public static final String[] NAMES = {"readyToDispatch", "submitToDispatch", "dispatchToCallback", "submitToTerminal", "journalWrite"};

        public Histogram[] asArray()
        {
            return new Histogram[] {readyToDispatch, submitToDispatch, dispatchToCallback, submitToTerminal, journalWrite};
        }
    }
}
