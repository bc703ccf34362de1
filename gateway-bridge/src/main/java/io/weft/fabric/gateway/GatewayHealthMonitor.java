package io.weft.fabric.gateway;

import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayHealth;
import io.weft.fabric.HealthState;
import io.weft.fabric.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks every enabled gateway's health on a fixed delay and caches the results, so that pages and operations ask
 * the cache rather than the network. Operations that are about to fetch data from a gateway call
 * {@link #ensureChecked}, which answers from the cache while it is fresh (younger than one interval) and checks
 * again otherwise: a gateway is only asked for data after it passed a recent check.
 *
 * <p>The checks themselves are asynchronous; the scheduled thread only lists the gateways (a grid read) and
 * starts them. At most one check per gateway is in flight.
 */
public final class GatewayHealthMonitor implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHealthMonitor.class);

    private final RecordStore<Gateway> gateways;
    private final GatewayClient client;
    private final GatewayTokenResolver tokens;
    private final long intervalMs;
    private final Clock clock;
    private final ConcurrentMap<String, GatewayHealth> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<GatewayHealth>> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public GatewayHealthMonitor(
        final RecordStore<Gateway> gateways,
        final GatewayClient client,
        final GatewayTokenResolver tokens,
        final long intervalMs,
        final Clock clock)
    {
        if (intervalMs <= 0)
        {
            throw new IllegalArgumentException("health check interval must be positive: " + intervalMs);
        }
        this.gateways = gateways;
        this.client = client;
        this.tokens = tokens;
        this.intervalMs = intervalMs;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "weft-fabric-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    public GatewayHealthMonitor start()
    {
        timer.scheduleWithFixedDelay(this::checkAll, 0, intervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    public long intervalMs()
    {
        return intervalMs;
    }

    /** The last result, or UNKNOWN if the gateway was never checked. */
    public GatewayHealth current(final String gatewayId)
    {
        final GatewayHealth health = cache.get(gatewayId);
        return health != null ? health : GatewayHealth.unknown(gatewayId, "not checked yet");
    }

    /** The cached result while it is fresh, otherwise a new check. */
    public CompletableFuture<GatewayHealth> ensureChecked(final Gateway gateway)
    {
        final GatewayHealth cached = cache.get(gateway.gatewayId());
        if (cached != null && cached.checkedAt() != null &&
            Duration.between(cached.checkedAt(), clock.instant()).toMillis() < intervalMs)
        {
            return CompletableFuture.completedFuture(cached);
        }
        return check(gateway);
    }

    /** Checks now (joining a check already in flight); the future never fails. */
    public CompletableFuture<GatewayHealth> check(final Gateway gateway)
    {
        final String id = gateway.gatewayId();
        final CompletableFuture<GatewayHealth> started = new CompletableFuture<>();
        final CompletableFuture<GatewayHealth> running = inFlight.putIfAbsent(id, started);
        if (running != null)
        {
            return running;
        }
        final long startNs = System.nanoTime();
        CompletableFuture<GatewayReply<GatewayHealthReply>> call;
        try
        {
            call = client.health(gateway, tokens.tokenFor(id).orElse(null));
        }
        catch (final RuntimeException ex)
        {
            call = CompletableFuture.failedFuture(ex);
        }
        call.handle((reply, failure) -> record(id, startNs, reply, failure))
            .whenComplete((health, unexpected) ->
            {
                inFlight.remove(id, started);
                if (unexpected != null)
                {
                    started.complete(GatewayHealth.unknown(id, "check failed: " + unexpected.getClass().getSimpleName()));
                }
                else
                {
                    started.complete(health);
                }
            });
        return started;
    }

    /** Drops a removed gateway's result. */
    public void forget(final String gatewayId)
    {
        cache.remove(gatewayId);
    }

    private GatewayHealth record(
        final String id, final long startNs, final GatewayReply<GatewayHealthReply> reply, final Throwable failure)
    {
        final long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        final Instant now = clock.instant();
        final GatewayHealth health;
        if (failure == null)
        {
            health = GatewayHealthReply.UP.equals(reply.body().status()) ?
                new GatewayHealth(id, HealthState.UP, null, now, latencyMs) :
                new GatewayHealth(id, HealthState.DOWN, "the gateway reports status " + reply.body().status(), now, latencyMs);
        }
        else
        {
            final GatewayCallException call = GatewayCallException.of(failure);
            final HealthState state = call.unavailable() ? HealthState.DOWN : HealthState.REJECTED;
            health = new GatewayHealth(id, state, call.getMessage(), now, latencyMs);
        }
        final GatewayHealth previous = cache.put(id, health);
        if (previous == null || previous.state() != health.state())
        {
            LOG.info("gateway {} is {}", id, health.describe());
        }
        return health;
    }

    private void checkAll()
    {
        try
        {
            final List<Gateway> all = gateways.list();
            final Set<String> known = new HashSet<>();
            for (final Gateway gateway : all)
            {
                known.add(gateway.gatewayId());
                if (gateway.enabled())
                {
                    check(gateway);
                }
                else
                {
                    cache.put(gateway.gatewayId(), GatewayHealth.unknown(gateway.gatewayId(), "disabled"));
                }
            }
            cache.keySet().retainAll(known);
        }
        catch (final RuntimeException ex)
        {
            // The next tick tries again; a failing grid read must not cancel the schedule.
            LOG.warn("gateway health round failed: {}", ex.toString());
        }
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
    }
}
