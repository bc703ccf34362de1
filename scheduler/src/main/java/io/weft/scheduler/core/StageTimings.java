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

    /** A fresh histogram of everything recorded since the last call, for each stage. */
    public Snapshot intervalSnapshot()
    {
        return new Snapshot(
            readyToDispatch.getIntervalHistogram(),
            submitToDispatch.getIntervalHistogram(),
            dispatchToCallback.getIntervalHistogram(),
            submitToTerminal.getIntervalHistogram(),
            journalWrite.getIntervalHistogram());
    }

    public record Snapshot(
        Histogram readyToDispatch,
        Histogram submitToDispatch,
        Histogram dispatchToCallback,
        Histogram submitToTerminal,
        Histogram journalWrite)
    {
    }
}
