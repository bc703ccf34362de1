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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            final AtomicInteger unkeyed = new AtomicInteger();
            final AtomicInteger sequence = new AtomicInteger();
            final AtomicInteger kills = new AtomicInteger();
            final AtomicInteger ownerKills = new AtomicInteger();
            final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            final ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
            final long startedAtMs = System.currentTimeMillis();
            // About ten DAGs a second, each retried through any live node until the cluster takes it.
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            load.scheduleWithFixedDelay(() -> {
                try
                {
                    final int n = sequence.getAndIncrement();
                    if (n % 2 == 1)
                    {
                        // Without a key, the node asked takes the DAG under an id of its own partitions and owns it, so
                        // killing that node hands its DAGs to the owners of its partitions. Tried once: a DAG whose
                        // answer was lost with its node is not counted as accepted.
                        final long dagId = trySubmit(cluster, n % cluster.size(), dagJson(null, n % 4));
                        if (dagId > 0)
                        {
                            accepted.add(dagId);
                            unkeyed.incrementAndGet();
                        }
                        return;
                    }
                    final String key = "chaos-" + n;
                    final long dagId = submitUntilTaken(cluster, key, dagJson(key, n % 4), retries);
                    accepted.add(dagId);
                    keys.add(key);
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex); // a DAG no node would take for a minute: reported below
                    throw ex;
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            // A kill -9 and restart every interval (the owner every other time); the restart runs inside the task, so
            // at most one node is down at a time.
            chaos.scheduleWithFixedDelay(() -> {
                final int owner = cluster.ownerIndex();
                final int victim = kills.get() % 2 == 0 && owner >= 0 ? owner : random.nextInt(3);
                if (victim == owner)
                {
                    ownerKills.incrementAndGet();
                }
                LOG.info("chaos: kill -9 of node-{}{}", victim, victim == owner ? " (the owner)" : "");
                try
                {
                    cluster.restart(victim);
                }
                catch (final RuntimeException ex)
                {
                    failure.compareAndSet(null, ex);
                    throw ex;
                }
                kills.incrementAndGet();
            }, killEverySeconds, killEverySeconds, TimeUnit.SECONDS);

            await("the chaos run").atMost(Duration.ofSeconds(seconds + killCount * 90L)).pollInterval(Duration.ofMillis(500))
                .until(() -> failure.get() != null
                    || kills.get() >= killCount && System.currentTimeMillis() - startedAtMs >= seconds * 1_000L);
            chaos.shutdown();
            load.shutdown();
            assertTrue(chaos.awaitTermination(120, TimeUnit.SECONDS) && load.awaitTermination(120, TimeUnit.SECONDS));
            final long loadSeconds = (System.currentTimeMillis() - startedAtMs) / 1000;
            if (failure.get() != null)
            {
                throw new AssertionError("the chaos run stopped", failure.get());
            }

            for (final long dagId : List.copyOf(accepted))
            {
                cluster.awaitDagState(dagId, "SUCCEEDED", Duration.ofSeconds(120));
            }
            final int reruns = ExactlyOnceCheck.check(cluster, List.copyOf(accepted));
            LOG.info("chaos: {} s of load, {} kill(s) ({} of the owner), {} DAG(s) accepted ({} without a key, owned where they were "
                + "submitted), 0 lost, 0 accepted twice, {} job(s) ran again after losing their lease, {} submission retries",
                loadSeconds, kills.get(), ownerKills.get(), accepted.size(), unkeyed.get(), reruns, retries.get());
            assertEquals(keys.size() + unkeyed.get(), accepted.size(), "every key the cluster took is one accepted DAG");
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
        return key == null ? "{\"name\":\"chaos\",\"jobs\":[" + jobs + "]}"
            : "{\"name\":\"chaos\",\"referenceKey\":\"" + key + "\",\"duplicatePolicy\":\"REJECT\",\"jobs\":[" + jobs + "]}";
    }

    private static String job(final String id, final String executorClass, final String dependsOn)
    {
        return "{\"id\":\"" + id + "\",\"executorClass\":\"" + executorClass + "\",\"payload\":{\"op\":\"" + executorClass
            + "\",\"ms\":40},\"dependsOn\":[" + dependsOn + "]}";
    }

    /** The DAG id under which the cluster took {@code key}, asking live nodes in turn until one answers 202 or 409. */
    private static long submitUntilTaken(final ClusterHarness cluster, final String key, final String json, final AtomicInteger retries)
    {
        final AtomicInteger attempt = new AtomicInteger();
        final long[] dagId = {-1};
        await("some node takes " + key).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            final int node = attempt.getAndIncrement() % cluster.size();
            if (attempt.get() > 1)
            {
                retries.incrementAndGet();
            }
            dagId[0] = trySubmit(cluster, node, json);
            return dagId[0] > 0;
        });
        return dagId[0];
    }

    /** One try through one node: the DAG id the cluster holds the key under, or -1 (node down, 503 while ownership moves). */
    private static long trySubmit(final ClusterHarness cluster, final int node, final String json)
    {
        try
        {
            if (!cluster.node(node).isAlive())
            {
                return -1;
            }
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
            return -1;
        }
        catch (final RuntimeException ex)
        {
            return -1; // the node died under the request: another one is asked
        }
    }
}
