package io.weft.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What "no job accepted as succeeded twice" means, checked against the executors' own records: every job of a
 * succeeded DAG ran to completion at least once, no run is recorded twice under one lease, and the lease the grid
 * accepted as the success is one of the recorded runs. Returns how many jobs ran more than once (a retry after a
 * lease was lost with its owner is allowed; a second acceptance is not).
 */
final class ExactlyOnceCheck
{
    private ExactlyOnceCheck()
    {
    }

    static int check(final ClusterHarness cluster, final List<Long> dagIds)
    {
        final Map<String, Set<Long>> tokensPerJob = new HashMap<>();
        for (final String line : cluster.allRecords())
        {
            final String[] parts = line.trim().split(" ");
            if (parts.length < 5)
            {
                continue;
            }
            final String job = parts[0] + "/" + parts[1];
            assertTrue(tokensPerJob.computeIfAbsent(job, k -> new HashSet<>()).add(Long.parseLong(parts[4])),
                "job " + job + " recorded twice under lease " + parts[4]);
        }
        int reruns = 0;
        for (final long dagId : dagIds)
        {
            final JsonNode dag = cluster.dag(dagId);
            assertEquals("SUCCEEDED", dag.get("state").asText(), "DAG " + dagId);
            int index = 0;
            for (final JsonNode job : dag.get("jobs"))
            {
                final String key = dagId + "/" + index++;
                assertEquals("SUCCEEDED", job.get("state").asText(), key);
                final Set<Long> runs = tokensPerJob.getOrDefault(key, Set.of());
                assertTrue(runs.contains(job.get("fencingToken").asLong()),
                    "the accepted lease of " + key + " (" + job.get("fencingToken") + ") is a recorded run " + runs);
                if (runs.size() > 1)
                {
                    reruns++;
                }
            }
        }
        return reruns;
    }
}
