package io.weft.node.cluster;

import java.util.List;
import java.util.Map;

/** What the ownership agent needs of the executor links: tell every linked executor where to go, and who exists. */
public interface ExecutorRedirector
{
    /** Every executor linked to this node re-registers at {@code executorEndpoint}. */
    void redirectAll(String executorEndpoint);

    /** Executors linked elsewhere (instance id to reply channel) are asked to register at {@code executorEndpoint}. */
    void invite(Map<Long, String> replyChannelsByInstance, String executorEndpoint);

    /** The executor endpoints of every node, sent to executors when they register. */
    void clusterEndpoints(List<String> executorEndpoints);
}
