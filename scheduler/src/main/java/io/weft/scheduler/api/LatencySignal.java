package io.weft.scheduler.api;

import java.util.Locale;

/**
 * The latency signals a node records, each one an HdrHistogram of nanoseconds. Most are kept per executor class
 * (and summed over classes when asked for all of them); the few that belong to no one class are kept per node.
 *
 * <p>Histograms hold no negative values, so a deadline's slack is two signals: the slack left when it was kept,
 * and by how much it was missed. A miss count is the count of the second.
 */
public enum LatencySignal
{
    FRONTIER_WAIT(true, "job became runnable (its DAG accepted, its last parent succeeded, its backoff over) until the planner first saw it in its class's frontier"),
    CANDIDATE_PLANNING(true, "one planning decision: the planner started choosing for a class (or chose the previous job) until it chose this one"),
    LEASE(true, "a slot was reserved and the lease written to the batch until the journal write carrying it was durable"),
    SLOT_WAIT(true, "job entered its class's frontier until a slot was reserved for it"),
    SLOT_OCCUPANCY(true, "a slot was reserved until it was released: the effective runtime of an attempt"),
    CALLBACK_TO_RELEASE(true, "the executor sent its terminal callback (the message's own millisecond timestamp) until the slot was released"),
    READY_TO_DISPATCH(true, "job entered its class's frontier until its dispatch left the node (slot wait, lease and sending together)"),
    SUBMIT_TO_DISPATCH(true, "the job's DAG was accepted until the job's first dispatch left the node"),
    SUBMIT_TO_TERMINAL(true, "the job's DAG was accepted until the job reached a terminal state"),
    SOFT_SLACK_AT_DISPATCH(true, "time left before the job's soft deadline when its dispatch left the node (deadline kept)"),
    SOFT_MISS_AT_DISPATCH(true, "how late past its soft deadline the job's dispatch left the node (deadline missed)"),
    HARD_SLACK_AT_DISPATCH(true, "time left before the job's hard deadline when its dispatch left the node (deadline kept)"),
    HARD_MISS_AT_DISPATCH(true, "how late past its hard deadline the job's dispatch left the node (deadline missed)"),
    SOFT_SLACK_AT_FINISH(true, "time left before the job's soft deadline when it reached a terminal state (deadline kept)"),
    SOFT_MISS_AT_FINISH(true, "how late past its soft deadline the job reached a terminal state (deadline missed)"),
    HARD_SLACK_AT_FINISH(true, "time left before the job's hard deadline when it reached a terminal state"),
    HARD_MISS_AT_FINISH(true, "how late past its hard deadline the job reached a terminal state"),
    DAG_SUBMIT_TO_TERMINAL(false, "a DAG was accepted until it reached a terminal state"),
    JOURNAL_WRITE(false, "writing one ring batch to the journal (every lease and state change of the batch) until durable");

    private static final LatencySignal[] VALUES = values();

    private final boolean perClass;
    private final String description;
    private final String signalName;

    LatencySignal(final boolean perClass, final String description)
    {
        this.perClass = perClass;
        this.description = description;
        this.signalName = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The name the REST API, the interval logs and Prometheus use, e.g. {@code slot-wait}. */
    public String signalName()
    {
        return signalName;
    }

    /** Recorded per executor class; otherwise once per node. */
    public boolean perClass()
    {
        return perClass;
    }

    public String description()
    {
        return description;
    }

    /** The signal of that name, or null. */
    public static LatencySignal byName(final String name)
    {
        for (final LatencySignal signal : VALUES)
        {
            if (signal.signalName.equals(name))
            {
                return signal;
            }
        }
        return null;
    }
}
