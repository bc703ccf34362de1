package io.weft.node.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three nodes under a steady load of DAGs of mixed shapes while one node after another is killed with -9 and
 * started again. Every accepted DAG must end SUCCEEDED, and no job may be accepted as succeeded twice.
 *
 * <p>Submissions carry a reference key and are retried, through any live node, until some node answers 202 or 409
 * (the key was taken by an earlier try that the client never heard back from): so an accepted DAG is one whose key
 * the cluster holds. The CI run is short; a longer one: {@code mvn -pl grid-node test -Dtest=ClusterChaosTest
 * -Dweft.chaos.seconds=120 -Dweft.chaos.kill-every-s=20}, which prints its counts.
 */
class ClusterChaosTest
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterChaosTest.class);

    @TempDir
    Path dir;

    @Test
    void killingAndRestartingNodesUnderLoadLosesNothingAndAcceptsNothingTwice() throws InterruptedException
    {
        final int seconds = Integer.getInteger("weft.chaos.seconds", 20);
        final int killEverySeconds = Integer.getInteger("weft.chaos.kill-every-s", 10);
        final int killCount = Math.max(2, seconds / killEverySeconds);
        final SplittableRandom random = new SplittableRandom(Long.getLong("weft.chaos.seed", 7));
        try (ClusterHarness cluster = new ClusterHarness(dir, 3))
        {
            cluster.startExecutor(51, "noop=8,sleep=4", 0, 1, 2);
            cluster.startExecutor(52, "noop=8,sleep=4", 0, 1, 2);
            cluster.awaitExecutors(2);

            final List<Long> accepted = Collections.synchronizedList(new ArrayList<>());
            final Set<String> keys = ConcurrentHashMap.newKeySet();
            final AtomicInteger retries = new AtomicInteger();
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread load = new Thread(() -> submitUntilStopped(cluster, running, accepted, keys, retries), "chaos-load");
            load.start();

            int kills = 0;
            int ownerKills = 0;
            final long startedAtMs = System.currentTimeMillis();
            while (kills < killCount || System.currentTimeMillis() - startedAtMs < seconds * 1_000L)
            {
                Thread.sleep(killEverySeconds * 1_000L); // the chaos schedule itself, not a wait for a condition
                final int owner = cluster.ownerIndex();
                final int victim = kills % 2 == 0 && owner >= 0 ? owner : random.nextInt(3);
                ownerKills += victim == owner ? 1 : 0;
                LOG.info("chaos: kill -9 of node-{}{}", victim, victim == owner ? " (the owner)" : "");
                cluster.restart(victim);
                kills++;
            }
            running.set(false);
            load.join();
            final long loadSeconds = (System.currentTimeMillis() - startedAtMs) / 1000;

            for (final long dagId : List.copyOf(accepted))
            {
                cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(120));
            }
            final int reruns = ExactlyOnceCheck.check(cluster, List.copyOf(accepted));
            LOG.info("chaos: {} s of load, {} kill(s) ({} of the owner), {} DAG(s) accepted, 0 lost, 0 accepted twice, "
                + "{} job(s) ran again after losing their lease, {} submission retries",
                loadSeconds, kills, ownerKills,
                accepted.size(), reruns, retries.get());
            assertEquals(keys.size(), accepted.size(), "every key the cluster took is one accepted DAG");
        }
    }

    /** Mixed shapes: a single job, a flat fan-out, a chain, and a fan-out with a join. */
    private static String dagJson(final String key, final int shape)
    {
        final StringBuilder jobs = new StringBuilder();
        switch (shape)
        {
            case 0 -> jobs.append(job("only", "noop", ""));
            case 1 -> {
                for (int i = 0; i < 8; i++)
                {
                    jobs.append(i == 0 ? "" : ",").append(job("p" + i, "noop", ""));
                }
            }
            case 2 -> {
                for (int i = 0; i < 5; i++)
                {
                    jobs.append(i == 0 ? "" : ",").append(job("s" + i, "sleep", i == 0 ? "" : "\"s" + (i - 1) + "\""));
                }
            }
            default -> {
                jobs.append(job("split", "noop", ""));
                for (int i = 0; i < 4; i++)
                {
                    jobs.append(',').append(job("page" + i, "sleep", "\"split\""));
                }
                jobs.append(',').append(job("merge", "noop", "\"page0\",\"page1\",\"page2\",\"page3\""));
            }
        }
        return "{\"name\":\"chaos\",\"referenceKey\":\"" + key + "\",\"duplicatePolicy\":\"REJECT\",\"jobs\":[" + jobs + "]}";
    }

    private static String job(final String id, final String executorClass, final String dependsOn)
    {
        return "{\"id\":\"" + id + "\",\"executorClass\":\"" + executorClass + "\",\"payload\":{\"op\":\"" + executorClass
            + "\",\"ms\":40},\"dependsOn\":[" + dependsOn + "]}";
    }

    private static void submitUntilStopped(
        final ClusterHarness cluster, final AtomicBoolean running, final List<Long> accepted, final Set<String> keys,
        final AtomicInteger retries)
    {
        int sequence = 0;
        while (running.get())
        {
            final String key = "chaos-" + sequence;
            final String json = dagJson(key, sequence % 4);
            sequence++;
            final long dagId = submitUntilTaken(cluster, key, json, retries);
            if (dagId > 0)
            {
                accepted.add(dagId);
                keys.add(key);
            }
            try
            {
                Thread.sleep(100); // paces the load at about ten DAGs a second
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The DAG id under which the cluster took {@code key}, trying live nodes in turn; -1 if never. */
    private static long submitUntilTaken(final ClusterHarness cluster, final String key, final String json, final AtomicInteger retries)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            final int node = attempt % cluster.size();
            try
            {
                if (cluster.node(node).isAlive())
                {
                    final HttpResponse<String> response = cluster.post(node, "/api/v1/dags", json);
                    if (response.statusCode() == 202)
                    {
                        return Long.parseLong(ClusterHarness.json(response).get("dagId").asText());
                    }
                    if (response.statusCode() == 409)
                    {
                        final String location = response.headers().firstValue("Location").orElseThrow();
                        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                // the node died under the request: another one is asked
            }
            retries.incrementAndGet();
            try
            {
                Thread.sleep(100); // back-off between tries while ownership moves
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        throw new AssertionError("no node took " + key + " in 200 tries");
    }
}
