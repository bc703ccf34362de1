package io.weft.scheduler.port;

/**
 * Who owns what, and the way to the other owners: a node's view of the cluster's ownership for its core. DAGs are
 * owned by the node that owns their grid partition; each executor class by the node the implementation names for it.
 * Nodes are named by small integers the implementation assigns.
 *
 * <p>Called on the core's thread only: answers come from memory, and {@link #send} must not block (a transport
 * that cannot take a message now keeps it, or drops it and reports the loss through {@link #lostMessages}).
 */
public interface OwnerPeers
{
    /** This node. */
    int self();

    /** The node that owns the DAG now. */
    int dagOwner(long dagId);

    /** The node that owns the class's queue now. */
    int classOwner(String executorClass);

    /** Every other node that may own DAGs: executor news goes to each. */
    int[] others();

    /**
     * Whether this node knows no other: then it owns everything, and the core skips asking where a DAG lives. Must
     * agree with {@link #others} being empty.
     */
    default boolean alone()
    {
        return others().length == 0;
    }

    /** Sends a message to another node's core. */
    void send(int node, OwnerMessage message);

    /**
     * Offers again, in order, what peers that were slower than this node could not take yet; called at the end of
     * every batch, before the batch's own messages. Nothing to do where sends never back-pressure.
     */
    default void retryBackPressured()
    {
    }

    /**
     * The nodes whose messages to or from this one were lost since the last call (a link broke and was made again),
     * or an empty array. Each is reported once.
     */
    default int[] lostPeers()
    {
        return NONE;
    }

    int[] NONE = new int[0];
}
