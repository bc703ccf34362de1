package io.weft.scheduler.port;

import io.weft.scheduler.api.DagPlan;

/**
 * One message between a DAG's owner and a class's owner on different nodes: the core's owner protocol
 * (docs/architecture.md, "Inside the core") as data, for a transport to carry. Which fields count depends on the
 * type; the rest are zero. A DAG is named by its id: each side looks up its own record of it.
 *
 * <p>Messages from the DAG side carry the DAG's plan and submission time, so that a class owner that has not seen the
 * DAG yet can queue it: in one process the plan itself; across nodes the receiver resolves it from the grid by DAG
 * id before the message reaches the core.
 */
public final class OwnerMessage
{
    // DAG side to class side
    public static final byte JOB_READY = 1;
    public static final byte WITHDRAW = 2;
    public static final byte DAG_PAUSED = 3;
    public static final byte DAG_RESUMED = 4;
    public static final byte DAG_FINISHED = 5;
    public static final byte LEASE_GRANTED = 6;
    public static final byte LEASE_DENIED = 7;
    public static final byte LEASE_ENDED = 8;
    public static final byte STOP_LEASE = 9;
    public static final byte LEASE_HELD = 10;
    // class side to DAG side
    public static final byte LEASE_REQUESTED = 20;
    public static final byte DISPATCH_REFUSED = 21;
    public static final byte LEASE_RENEWED = 22;
    public static final byte JOB_STARTED = 23;
    public static final byte JOB_SUCCEEDED = 24;
    public static final byte JOB_FAILED = 25;
    public static final byte EXECUTOR_LINKED = 26;
    public static final byte EXECUTOR_REPORTED = 27;
    public static final byte EXECUTOR_LOST = 28;

    public byte type;
    public long dagId;
    public int jobIndex;
    public long requestId;
    public long token;
    public int attempt;
    public long instanceId;
    /** The message's time: a job's ready time, a callback's time, a refusal's time. */
    public long timeEpochMs;
    /** JobReady: the job's last lease, over by now (0: none). */
    public long endedToken;
    public long endedInstanceId;
    /** DagPaused, DagResumed: the pause's version. */
    public int version;
    public boolean retryable;
    /** JobFailed: the executor's error; ExecutorLost: the reason. */
    public String text;
    /** JobSucceeded: the job's result, or null. */
    public byte[] result;
    /** DAG side to class side: the DAG's plan and when it was submitted. */
    public DagPlan plan;
    public long submittedAtEpochMs;
    /** The node that sent it, set by the sender: an answer about a DAG the receiver does not know goes back there. */
    public int sourceNode;
    /**
     * The sender's ownership term. A receiver drops what an older term of that node says (a node that froze and was
     * replaced), and a newer term means the sender started afresh: what this node held on its behalf is let go and
     * sent again.
     */
    public long senderEpoch;
    /**
     * LeaseDenied: the sender does not hold the DAG (it finished, or it is another node's now). Such an answer frees
     * the reservation but says nothing about who owns the DAG.
     */
    public boolean notHeld;

    public OwnerMessage(final byte type, final long dagId, final int jobIndex)
    {
        this.type = type;
        this.dagId = dagId;
        this.jobIndex = jobIndex;
    }

    /** Whether the class side is its receiver (else the DAG side). */
    public boolean toClassSide()
    {
        return type < LEASE_REQUESTED;
    }

    @Override
    public String toString()
    {
        return "OwnerMessage{type=" + type + ", dag=" + dagId + ", job=" + jobIndex + ", rid=" + requestId + ", token=" + token
            + ", ended=" + endedToken + ", instance=" + instanceId + ", time=" + timeEpochMs + (notHeld ? ", not held" : "") + "}";
    }
}
