package io.weft.node.cluster;

import java.util.List;

/** What the ownership agent needs of the executor links: tell every linked executor where to go, and who exists. */
public interface ExecutorRedirector
{
    /** Every executor linked to this node re-registers at {@code executorEndpoint}. */
    void redirectAll(String executorEndpoint);

    /** The executor endpoints of every node, sent to executors when they register. */
    void clusterEndpoints(List<String> executorEndpoints);
}
