package io.weft.rest;

/**
 * Which node serves the calls that only the scheduler's owner can answer (submissions, cancels, pauses, executors,
 * metrics). Reads of DAGs and jobs come from the grid and are served by any node without asking this.
 */
public interface OwnerRouting
{
    /** A node with no cluster around it: everything is served here. */
    OwnerRouting ALWAYS_LOCAL = () -> Target.LOCAL;

    Target target();

    /**
     * Who serves a call about one DAG (cancel, pause, resume): its owner. With one scheduling owner for the cluster,
     * that owner.
     */
    default Target dagTarget(final long dagId)
    {
        return target();
    }

    /**
     * Who takes a submission. One with a reference key goes where the cluster keeps its keys (the scheduler's owner);
     * with ownership partitioned, one without a key may be taken by any node.
     */
    default Target submitTarget(final boolean keyed)
    {
        return target();
    }

    /**
     * @param local   this node owns the scheduler and serves the call itself
     * @param baseUrl the owner's REST base URL ({@code http://host:port}) when another node owns it; null when no
     *                owner is known right now (a takeover is under way)
     */
    record Target(boolean local, String baseUrl)
    {
        public static final Target LOCAL = new Target(true, null);
        public static final Target UNKNOWN = new Target(false, null);

        public static Target remote(final String baseUrl)
        {
            return new Target(false, baseUrl);
        }
    }
}
