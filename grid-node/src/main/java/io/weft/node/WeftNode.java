package io.weft.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.flakeidgen.FlakeIdGenerator;
import io.weft.fabric.gateway.PemTrust;
import io.weft.node.cluster.NodeAddress;
import io.weft.node.cluster.GridOwnerPeers;
import io.weft.node.cluster.NodeDirectoryStore;
import io.weft.node.grid.GridPlanReader;
import io.weft.transport.PeerLinkAgent;
import io.weft.node.cluster.SchedulingOwnershipAgent;
import io.weft.node.deployments.DeploymentTracker;
import io.weft.node.deployments.DesiredDeploymentStore;
import io.weft.node.deployments.NodeDeploymentsApi;
import io.weft.node.deployments.ReconciliationAgent;
import io.weft.node.hybrid.GroupSchedulerIntentStore;
import io.weft.node.hybrid.HybridListenerAgent;
import io.weft.node.hybrid.IntentApplier;
import io.weft.node.hybrid.IntentAssembler;
import io.weft.node.hybrid.ListenerCredentialStore;
import io.weft.node.hybrid.NodeHybridApi;
import io.weft.node.events.EventPayload;
import io.weft.node.events.EventPublisher;
import io.weft.rest.events.EventSeverity;
import io.weft.node.events.EventRecord;
import io.weft.node.events.GridEventReader;
import io.weft.node.events.JournalEventTap;
import io.weft.node.fabric.RuntimeFabricWiring;
import io.weft.node.grid.FinishedDagReaper;
import io.weft.node.grid.GridDagQueries;
import io.weft.node.grid.GridJobQueries;
import io.weft.node.grid.GridMaps;
import io.weft.node.grid.GridMemberFactory;
import io.weft.node.grid.GridSchedulerJournal;
import io.weft.node.signals.CapacityAlertMonitor;
import io.weft.node.signals.CapacityReporter;
import io.weft.node.signals.CapacitySampler;
import io.weft.node.signals.LatencyLogWriter;
import io.weft.node.signals.NodeReportsApi;
import io.weft.node.signals.PeerLatencyClient;
import io.weft.node.signals.PrometheusExporter;
import io.weft.node.signals.ReportingAgent;
import io.weft.rest.OwnerRouting;
import io.weft.node.security.ClusterTokens;
import io.weft.node.security.ExecutorCredentials;
import io.weft.node.security.GridAuditLog;
import io.weft.node.security.TokenRegistry;
import io.weft.rest.ReportsApi;
import io.weft.rest.security.AuditEntry;
import io.weft.rest.security.Role;
import io.weft.rest.RestServer;
import io.weft.scheduler.Scheduler;
import io.weft.scheduler.SchedulerContext;
import io.weft.scheduler.api.ClusterView;
import io.weft.scheduler.api.Durability;
import io.weft.scheduler.api.SchedulerApi;
import io.weft.scheduler.signals.LatencyHistory;
import io.weft.transport.EmbeddedMediaDriver;
import io.weft.transport.ExecutorLinkAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Weft node: a grid member, the scheduler ring, the executor links over Aeron, the Runtime Fabric (gateway API
 * and control plane) and the REST bridge, started in dependency order and closed in reverse.
 */
public final class WeftNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(WeftNode.class);

    private final String nodeId;
    private final HazelcastInstance hazelcast;
    private final Scheduler scheduler;
    private final EmbeddedMediaDriver mediaDriver;
    private final ExecutorLinkAgent executorLink;
    private final RuntimeFabricWiring fabric;
    private final RestServer restServer;
    private final SchedulerApi api;
    private final LatencyHistory history;
    private final TokenRegistry tokens;
    private final GridAuditLog audit;
    private final EventPublisher events;
    private final GridEventReader eventReader;
    private ExecutorLinkListener linkListener;
    private volatile String executorToken;
    private volatile String adminToken;
    private volatile String nodeToken;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile SchedulingOwnershipAgent ownership;

    private WeftNode(final NodeConfig config)
    {
        nodeId = config.get("node.id");
        try
        {
            hazelcast = GridMemberFactory.start(
                config.get("cluster.name"), config.get("grid.host"), config.getInt("grid.port"), config.getList("grid.members"),
                new GridMemberFactory.Membership(config.getInt("grid.expected-members"), config.getInt("grid.heartbeat-interval-ms"),
                    config.getInt("grid.max-silence-ms"), config.getInt("grid.merge-delay-ms")), config.getInt("events.capacity"));
            closeables.push(hazelcast::shutdown);
            final GridMaps maps = new GridMaps(hazelcast);
            final Path trustFile = optionalPath(config, "tls.trust-file");
            final SSLContext trust = trustFile == null ? null : PemTrust.of(trustFile);
            final String scheme = optionalPath(config, "rest.tls.certificate-file") == null ? "http" : "https";
            audit = new GridAuditLog(hazelcast, config.getLong("security.audit-retention-ms"));
            closeables.push(audit);
            final ExecutorCredentials executorCredentials = executorCredentials(config, hazelcast);
            closeables.push(FinishedDagReaper.start(maps, nodeId));
            final FlakeIdGenerator dagIds = hazelcast.getFlakeIdGenerator(GridMaps.DAG_IDS);
            final boolean partitioned = switch (config.get("cluster.ownership"))
            {
                case "single" -> false;
                case "partitioned" -> true;
                default -> throw new IllegalArgumentException("cluster.ownership must be 'single' or 'partitioned': " + config.get("cluster.ownership"));
            };
            final NodeDirectoryStore directory = new NodeDirectoryStore(hazelcast, maps);
            final Scheduler[] core = new Scheduler[1]; // the scheduler takes the peers, the peers hand messages to it
            final GridOwnerPeers peers = !partitioned ? null
                : new GridOwnerPeers(hazelcast, directory, new GridPlanReader(maps), message -> core[0].onOwnerMessage(message));

            final AeronDispatchSender sender = new AeronDispatchSender(maps.executors::deleteAsync);
            final com.hazelcast.ringbuffer.Ringbuffer<EventRecord> eventBuffer = hazelcast.getRingbuffer(GridMaps.EVENTS);
            events = new EventPublisher(eventBuffer, nodeId, 65_536, config.getLong("events.progress-interval-ms"),
                config.getInt("events.max-job-events-per-second"));
            closeables.push(events);
            if (config.getInt("events.capacity") < 256)
            {
                throw new IllegalArgumentException("events.capacity must be at least 256 (one stream batch): " + config.getInt("events.capacity"));
            }
            eventReader = new GridEventReader(eventBuffer);
            closeables.push(eventReader);
            final GridSchedulerJournal journal = new GridSchedulerJournal(maps);
            journal.ownerNode(nodeId);
            journal.retention(config.getLong("grid.retention.finished-ms"), config.getLong("grid.retention.dead-letters-ms"));
            scheduler = new Scheduler(
                new SchedulerContext()
                    .ringSize(config.getInt("scheduler.ring-size"))
                    .leaseTimeoutMs(config.getInt("executor.lease-timeout-ms"))
                    .heartbeatTimeoutMs(config.getInt("scheduler.heartbeat-timeout-ms"))
                    .ownerEpoch(0) // owns nothing until the ownership agent has claimed an epoch in the grid
                    .onFenced(this::onFenced)
                    .maxResultBytes(config.getInt("scheduler.max-result-bytes"))
                    .finishedRetentionMs(config.getLong("grid.retention.finished-ms"))
                    .maxFinishedJobs(config.getLong("grid.retention.max-finished-jobs"))
                    .maxFinishedDags(config.getLong("grid.retention.max-finished-dags"))
                    .dagIdSupplier(partitioned ? () -> localDagId(dagIds) : dagIds::newId),
                new JournalEventTap(journal, events),
                sender,
                peers);
            core[0] = scheduler;
            closeables.push(scheduler);

            final String aeronDir = config.get("aeron.dir");
            mediaDriver = aeronDir.isBlank() ? EmbeddedMediaDriver.launch() : EmbeddedMediaDriver.launch(aeronDir);
            closeables.push(mediaDriver);
            executorLink = ExecutorLinkAgent.start(
                mediaDriver.aeron(),
                "aeron:udp?endpoint=" + config.get("executor.endpoint") + "|term-length=1m",
                nodeId,
                config.getInt("executor.lease-timeout-ms"),
                linkListener = new ExecutorLinkListener(scheduler, this::ownerExecutorEndpointElsewhere, maps.executors,
                    executorCredentials, audit, nodeId));
            closeables.push(executorLink);
            sender.attach(executorLink);
            final PeerLinkAgent peerLink = peers == null ? null
                : PeerLinkAgent.start(mediaDriver.aeron(), config.get("cluster.peer-endpoint"), nodeId, peers);
            if (peerLink != null)
            {
                closeables.push(peerLink);
                peers.link(peerLink);
            }
            scheduler.start();

            final long latencyIntervalMs = config.getLong("metrics.latency.interval-ms");
            history = new LatencyHistory(scheduler.signals(), config.getLong("metrics.latency.history-ms"), System::currentTimeMillis);
            final CapacityAlertMonitor alerts = new CapacityAlertMonitor(config.getDouble("capacity.alert-utilisation"),
                config.getLong("capacity.alert-after-ms"), config.getLong("capacity.alert-clear-after-ms"));
            final CapacitySampler sampler =
                new CapacitySampler(scheduler::executors, alerts, config.getLong("metrics.latency.history-ms"), System::currentTimeMillis);
            alerts.listener((alert, raised) -> events.publish(raised ? "capacity.alert.raised" : "capacity.alert.cleared",
                raised ? EventSeverity.WARNING : EventSeverity.INFO, 0, null, null, null, null, EventPayload.of("executorClass",
                    alert.executorClass(), "utilisation", alert.utilisation(), "since", java.time.Instant.ofEpochMilli(alert.sinceEpochMs()).toString())));
            final NodeMetrics metrics = new NodeMetrics(scheduler, executorLink, journal, history, alerts);
            metrics.logEvery(config.getInt("metrics.log-interval-s"));
            metrics.counter("transport.frames.refused-instance", linkListener::framesDropped);
            metrics.counter("scheduler.owner-messages.stale", () -> scheduler.counters().staleOwnerMessages());
            metrics.counter("scheduler.grants.late-refused", () -> scheduler.counters().lateGrantsRefused());
            metrics.counter("scheduler.link.resyncs", () -> scheduler.counters().linkResyncs());
            metrics.counter("scheduler.lease-requests.repeated", () -> scheduler.counters().leaseRequestsRepeated());
            metrics.counter("scheduler.slots.expired", () -> scheduler.counters().slotsExpired());
            if (peerLink != null)
            {
                metrics.counter("peers.messages.sent", peerLink::sent);
                metrics.counter("peers.messages.received", peerLink::received);
                metrics.counter("peers.frames.rejected", peerLink::rejectedFrames);
                metrics.counter("peers.sends.failed", peerLink::failedSends);
                metrics.counter("peers.plans.unknown", peers::unknownPlans);
            }
            metrics.counter("security.audit.dropped", audit::dropped);
            metrics.counter("events.published", events::published);
            metrics.counter("events.dropped", events::dropped);
            metrics.counter("events.sampled-out", events::sampledOut);
            metrics.counter("events.slow-clients-dropped", eventReader::slowClientsDropped);
            closeables.push(metrics);
            final String logDir = config.get("metrics.latency.log-dir");
            final LatencyLogWriter latencyLog = logDir.isBlank() ? null : new LatencyLogWriter(Path.of(logDir), nodeId,
                config.getLong("metrics.latency.log-rotate-bytes"), config.getLong("metrics.latency.log-rotate-ms"),
                config.getLong("metrics.latency.log-retention-ms"), System::currentTimeMillis);
            final DeploymentTracker deployments = new DeploymentTracker(
                scheduler::executors, linkListener.declarations(), (instanceId, drain) -> drain(maps, instanceId, drain), config.getLong("deployments.lost-retention-ms"), System::currentTimeMillis);
            closeables.push(new ReportingAgent(history, latencyLog, sampler, metrics.signalMetrics(sampler), deployments::sample)
                .start(latencyIntervalMs, config.getLong("capacity.sample-interval-ms")));
            final DesiredDeploymentStore desiredStates = new DesiredDeploymentStore(hazelcast.getMap(GridMaps.DESIRED_DEPLOYMENTS));
            final ReconciliationAgent reconciler = new ReconciliationAgent(desiredStates,
                deployments, this::isOwner, System::currentTimeMillis, (deployment, severity, payload) ->
                    events.publish("deployment.reconciliation", severity, 0, null, deployment, null, null, payload),
                config.getLong("deployments.reconcile-interval-ms"));
            closeables.push(reconciler);
            deployments.onForgotten(instanceId -> {
                if (isOwner())
                {
                    maps.drained.delete(instanceId); // a node that stepped down sees every instance lost: not its call
                }
            });
            // Only the owner has executors linked: a node that does not own the scheduler would report them all lost.
            deployments.listener((type, severity, deployment, payload) -> {
                if (isOwner())
                {
                    events.publish(type, severity, 0, null, deployment, null, null, payload);
                    reconciler.requestNow();
                }
            });
            final NodeDeploymentsApi deploymentsApi = new NodeDeploymentsApi(deployments, desiredStates, reconciler, System::currentTimeMillis,
                (deployment, payload) -> events.publish("desired-state.changed", EventSeverity.INFO, 0, null, deployment, null, null, payload));
            final ReportsApi reports = new NodeReportsApi(nodeId, history, latencyIntervalMs,
                new CapacityReporter(sampler, history, alerts, scheduler::executors, config.getDouble("capacity.target-utilisation")),
                sampler, alerts, new PrometheusExporter(metrics.registry()), () -> peersOf(directory),
                new PeerLatencyClient(Duration.ofSeconds(2), () -> nodeToken, trust));
            api = new NodeSchedulerApi(scheduler, new GridDagQueries(maps), new GridJobQueries(maps), metrics,
                () -> hazelcast.getCluster().getMembers().size(), maps.pauses, () -> clusterView(journal), nodeId, events);
            fabric = RuntimeFabricWiring.start(config::get, hazelcast, nodeId, System.getenv(), trust);
            closeables.push(fabric);
            final GroupSchedulerIntentStore groupPauses = new GroupSchedulerIntentStore(hazelcast.getMap(GridMaps.HYBRID_SCHEDULER_INTENT));
            if (fabric.controlPlane() != null)
            {
                fabric.controlPlane().operationListener((kind, group, gateway, ok, summary) -> {
                    events.publish("fabric." + kind, ok ? EventSeverity.INFO : EventSeverity.WARNING, 0, null, null, gateway, group,
                        EventPayload.json(summary));
                    if (kind.equals("fan-out"))
                    {
                        try
                        {
                            // The group's intended pause state, for data planes that pull it rather than being reached.
                            groupPauses.record(group, "pause".equals(summary.get("command")), (String)summary.get("executorClass"));
                        }
                        catch (final RuntimeException ex)
                        {
                            LOG.warn("the pause intent of group {} was not recorded for hybrid data planes", group, ex);
                        }
                    }
                });
            }
            final HybridListenerAgent listener = hybridListener(config, trust, api, desiredStates);
            if (listener != null)
            {
                closeables.push(listener);
            }
            final io.weft.fabric.store.FabricStores fabricStores = RuntimeFabricWiring.gridStores(hazelcast);
            final NodeHybridApi hybrid = new NodeHybridApi(new ListenerCredentialStore(hazelcast.getMap(GridMaps.HYBRID_LISTENER_TOKENS)),
                new IntentAssembler(fabricStores, groupPauses, desiredStates), fabricStores,
                hazelcast.getMap(GridMaps.HYBRID_REPORTS), listener, System::currentTimeMillis);
            tokens = tokens(config, hazelcast);
            restServer = RestServer.start(
                new RestServer.Context().host(config.get("rest.host")).port(config.getInt("rest.port"))
                    .tls(optionalPath(config, "rest.tls.certificate-file"), optionalPath(config, "rest.tls.key-file")).trust(trust)
                    .readTimeoutMs(config.getLong("rest.read-timeout-ms"))
                    .nodeId(nodeId).ownerRouting(new Routing(peers)).reports(reports).deployments(deploymentsApi).hybrid(hybrid)
                    .events(eventReader).eventTimings(config.getLong("events.poll-ms"), config.getLong("events.heartbeat-ms"),
                        config.getLong("events.slow-client-ms"), config.getInt("events.stream-send-buffer-bytes"))
                    .eventMaxStreams(config.getInt("events.max-streams"))
                    .authenticator(tokens).auditLog(audit).metricsOpen(Boolean.parseBoolean(config.get("security.metrics-open"))),
                api, fabric.endpoints());
            closeables.push(restServer);
            ownership = new SchedulingOwnershipAgent(hazelcast, maps, journal, scheduler, new LinkRedirector(executorLink),
                new NodeAddress(nodeId, scheme + "://" + config.get("rest.host") + ":" + restServer.port(), executorLink.nodeEndpoint(),
                    peerLink == null ? null : peerLink.endpoint()),
                config.getInt("cluster.ownership-check-ms"), config.getInt("cluster.sweep-interval-ms"), peers).start();
            closeables.push(ownership);
            if (!ownership.awaitSettled(config.getInt("cluster.settle-timeout-ms")))
            {
                LOG.warn("no node owns the scheduler yet (is a quorum of grid.expected-members={} up?); calls answer 503 until one does",
                    config.getInt("grid.expected-members"));
            }
            fabric.registerLocalGateway(scheme, config.get("rest.host"), restServer.port());
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        LOG.info("node {} up: REST http://{}:{} executors udp {} grid {}",
            nodeId, config.get("rest.host"), restServer.port(), executorLink.nodeEndpoint(), hazelcast.getCluster().getLocalMember().getAddress());
        final Durability durability = api.durability();
        if (durability.survivesLossOfOneNode())
        {
            LOG.info("durability: {}", durability.statement());
        }
        else
        {
            LOG.warn("NOT DURABLE: {}", durability.statement());
        }
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2)
        {
            // Below two workers CompletableFuture and Hazelcast start a thread per asynchronous completion.
            LOG.warn("the JVM's common pool has one worker (a machine of one or two cores): start the JVM with "
                + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2, as deploy/bin/weft does, or every grid write starts a thread");
        }
    }

    /** The hybrid listener, when this node is a data plane that pulls its intent from a control plane. */
    private HybridListenerAgent hybridListener(final NodeConfig config, final SSLContext trust, final SchedulerApi scheduler,
        final DesiredDeploymentStore desiredStates)
    {
        final String url = config.get("hybrid.control-plane-url").strip();
        if (url.isEmpty())
        {
            return null;
        }
        final String gatewayId = config.get("hybrid.gateway-id").strip();
        final String tokenFile = config.get("hybrid.listener-token-file").strip();
        if (gatewayId.isEmpty() || tokenFile.isEmpty())
        {
            throw new IllegalArgumentException("hybrid.control-plane-url needs hybrid.gateway-id and hybrid.listener-token-file");
        }
        final java.net.http.HttpClient.Builder client = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(config.getLong("hybrid.request-timeout-ms")));
        if (trust != null)
        {
            client.sslContext(trust);
        }
        final IntentApplier applier = new IntentApplier(
            new io.weft.fabric.template.TemplateCatalog(new io.weft.node.fabric.GridRecordStore<>(hazelcast.getMap(RuntimeFabricWiring.TEMPLATES),
                io.weft.fabric.template.StoredTemplate.class), java.time.Clock.systemUTC()),
            scheduler, desiredStates, hazelcast.getMap(GridMaps.HYBRID_APPLIED));
        return new HybridListenerAgent(java.net.URI.create(url), gatewayId, expandHome(tokenFile), client.build(),
            Duration.ofMillis(config.getLong("hybrid.request-timeout-ms")), applier, this::isOwner, events, hazelcast.getMap(GridMaps.HYBRID_APPLIED))
            .start(config.getLong("hybrid.poll-interval-ms"));
    }

    /** A drain goes to the grid as well as to the core, so that a new owner drains the instance again. */
    private boolean drain(final GridMaps maps, final long instanceId, final boolean drain)
    {
        if (!scheduler.tryDrain(instanceId, drain))
        {
            return false;
        }
        // Awaited (this runs on a REST reader thread), so a drain and a quick resume land in the grid in order.
        if (drain)
        {
            maps.drained.set(instanceId, Boolean.TRUE);
        }
        else
        {
            maps.drained.delete(instanceId);
        }
        return true;
    }

    private boolean isOwner()
    {
        final SchedulingOwnershipAgent agent = ownership;
        return agent != null && agent.isOwner();
    }

    private void onFenced(final long epoch)
    {
        final SchedulingOwnershipAgent agent = ownership;
        if (agent != null)
        {
            agent.onFenced(epoch);
        }
    }

    private ClusterView clusterView(final GridSchedulerJournal journal)
    {
        final SchedulingOwnershipAgent agent = ownership;
        if (agent == null)
        {
            return ClusterView.lone(nodeId);
        }
        final NodeAddress owner = agent.owner();
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("ownership.takeovers", agent.takeovers());
        counters.put("ownership.step-downs", agent.stepDowns());
        counters.put("ownership.dags-adopted", agent.dagsAdopted());
        counters.put("ownership.last-takeover-ms", agent.lastTakeoverMs());
        counters.put("scheduler.leases.adopted", scheduler.counters().leasesAdopted());
        counters.put("scheduler.leases.adopted-unreported", scheduler.counters().adoptedLeasesDropped());
        counters.put("scheduler.batches.fenced", scheduler.counters().fencedBatches());
        counters.put("scheduler.dispatches.fenced", scheduler.counters().fencedDispatches());
        counters.put("scheduler.callbacks.stale", scheduler.counters().staleCallbacks());
        counters.put("scheduler.journal.failures", scheduler.counters().journalFailures());
        counters.put("scheduler.owner-messages.stale", scheduler.counters().staleOwnerMessages());
        counters.put("grid.writes.fenced", journal.fencedWrites());
        return new ClusterView(nodeId, agent.isOwner(), owner == null ? null : owner.nodeId(),
            owner == null ? null : owner.restBaseUrl(),
            agent.isOwner() || agent.partitioned() ? agent.ownerEpoch() : agent.epochInGrid(),
            agent.liveNodeIds(), hazelcast.getCluster().getMembers().size(), counters);
    }

    /**
     * The node's token registry: the tokens file and environment, the nodes' own token, and, where no person
     * configured a token and the REST bridge listens on a loopback address only, a generated admin token.
     */
    private TokenRegistry tokens(final NodeConfig config, final HazelcastInstance grid)
    {
        final String file = config.get("security.tokens-file");
        final TokenRegistry registry = new TokenRegistry(file.isBlank() ? null : Path.of(file), System.getenv());
        final boolean configured = registry.hasConfiguredTokens();
        nodeToken = ClusterTokens.nodeToken(grid);
        registry.add("weft-node", Role.OPERATOR, nodeToken);
        if (!configured)
        {
            final String host = config.get("rest.host");
            if (!isLoopback(host))
            {
                throw new IllegalStateException("no API token is configured and the REST bridge listens on " + host
                    + ": set security.tokens-file (lines made by 'weft token') or WEFT_TOKEN_<PRINCIPAL>=<role>:<token>");
            }
            adminToken = ClusterTokens.adminToken(grid);
            registry.add("admin", Role.ADMIN, adminToken);
            ClusterTokens.writeOwnerOnly(expandHome(config.get("security.admin-token-file")), adminToken, "admin");
        }
        if (!file.isBlank())
        {
            final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "weft-tokens-file");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(() -> registry.reloadIfChanged(outcome -> audit.record(new AuditEntry(
                System.currentTimeMillis(), null, null, "tokens.reload", file, null, outcome, null, nodeId))), 2, 2, TimeUnit.SECONDS);
            closeables.push(watcher::shutdownNow);
        }
        return registry;
    }

    private static boolean isLoopback(final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
    }

    private static Path optionalPath(final NodeConfig config, final String key)
    {
        final String value = config.get(key);
        return value == null || value.isBlank() ? null : expandHome(value.strip());
    }

    public static Path expandHome(final String path)
    {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }

    /** The audit trail, for node events (tokens reloaded, executors refused) besides the REST bridge's. */
    public GridAuditLog audit()
    {
        return audit;
    }

    /**
     * The executor tokens: the executor-tokens file and environment, or where neither is configured and executors
     * reach this node on a loopback address, the cluster's generated executor token (any class).
     */
    private ExecutorCredentials executorCredentials(final NodeConfig config, final HazelcastInstance grid)
    {
        final String file = config.get("security.executor-tokens-file");
        final ExecutorCredentials credentials = new ExecutorCredentials(file.isBlank() ? null : Path.of(file), System.getenv());
        if (credentials.isEmpty())
        {
            final String endpoint = config.get("executor.endpoint");
            final String host = endpoint.substring(0, Math.max(0, endpoint.lastIndexOf(':')));
            if (!isLoopback(host))
            {
                throw new IllegalStateException("no executor token is configured and executors reach this node on " + endpoint
                    + ": set security.executor-tokens-file (lines made by 'weft token --executor') or WEFT_EXECUTOR_TOKEN_<NAME>=<classes|*>:<token>");
            }
            executorToken = ClusterTokens.executorToken(grid);
            credentials.add("executors", null, executorToken);
            ClusterTokens.writeOwnerOnly(expandHome(config.get("security.executor-token-file")), executorToken, "executor");
        }
        return credentials;
    }

    /** The cluster's generated executor token when no executor token is configured; null otherwise. */
    public String executorToken()
    {
        return executorToken;
    }

    /** Executor frames dropped because their instance was refused (no valid credential). */
    public long executorFramesDropped()
    {
        return linkListener == null ? 0 : linkListener.framesDropped();
    }

    /** The cluster's generated admin token when no person configured tokens; null otherwise. */
    public String adminToken()
    {
        return adminToken;
    }

    /** The REST address of every other live node, by node id. */
    private Map<String, String> peersOf(final NodeDirectoryStore directory)
    {
        final Map<String, String> peers = new LinkedHashMap<>();
        for (final NodeAddress node : directory.liveNodes())
        {
            if (!node.nodeId().equals(nodeId))
            {
                peers.put(node.nodeId(), node.restBaseUrl());
            }
        }
        return peers;
    }

    /** Publishes this node's events into the cluster's event buffer. */
    public EventPublisher events()
    {
        return events;
    }

    /** The node's latency signals, read through its one history. */
    public LatencyHistory latencyHistory()
    {
        return history;
    }

    private String ownerExecutorEndpointElsewhere()
    {
        final SchedulingOwnershipAgent agent = ownership;
        if (agent == null || agent.isOwner())
        {
            return null;
        }
        final NodeAddress owner = agent.owner();
        return owner == null ? null : owner.executorEndpoint();
    }

    /**
     * A DAG id from the grid's generator that falls in one of this node's partitions, so that this node owns the DAG
     * it accepts (with partitioned ownership). Ids are drawn from a local batch; about one draw in N nodes fits.
     */
    private long localDagId(final FlakeIdGenerator ids)
    {
        long id = ids.newId();
        if (hazelcast.getCluster().getMembers().size() == 1)
        {
            return id; // a lone member owns every partition, and finding an id's partition serializes the id
        }
        for (int draw = 0; draw < 256; draw++)
        {
            final var owner = hazelcast.getPartitionService().getPartition(id).getOwner();
            if (owner != null && owner.localMember())
            {
                return id;
            }
            id = ids.newId();
        }
        return id; // partitions moving: the DAG's partition owner adopts it when the sweep finds it
    }

    /** The REST bridge's routing: the owner of the classes, of a DAG, or this node for a submission without a key. */
    private final class Routing implements OwnerRouting
    {
        private final GridOwnerPeers peers;

        Routing(final GridOwnerPeers peers)
        {
            this.peers = peers;
        }

        @Override
        public Target target()
        {
            return ownerTarget();
        }

        @Override
        public Target dagTarget(final long dagId)
        {
            final SchedulingOwnershipAgent agent = ownership;
            if (agent == null || !agent.partitioned() || peers == null)
            {
                return ownerTarget();
            }
            final var owner = hazelcast.getPartitionService().getPartition(dagId).getOwner();
            if (owner == null)
            {
                return Target.UNKNOWN;
            }
            if (owner.localMember())
            {
                return Target.LOCAL;
            }
            final NodeAddress address = peers.address(owner.getUuid().toString());
            return address == null ? Target.UNKNOWN : Target.remote(address.restBaseUrl());
        }

        @Override
        public Target submitTarget(final boolean keyed)
        {
            final SchedulingOwnershipAgent agent = ownership;
            return agent != null && agent.partitioned() && !keyed ? Target.LOCAL : ownerTarget();
        }
    }

    private OwnerRouting.Target ownerTarget()
    {
        final SchedulingOwnershipAgent agent = ownership;
        if (agent == null || agent.isOwner())
        {
            return OwnerRouting.Target.LOCAL;
        }
        final NodeAddress owner = agent.owner();
        return owner == null ? OwnerRouting.Target.UNKNOWN : OwnerRouting.Target.remote(owner.restBaseUrl());
    }

    /** This node's view of scheduler ownership. */
    public SchedulingOwnershipAgent ownership()
    {
        return ownership;
    }

    public static WeftNode start(final NodeConfig config)
    {
        return new WeftNode(config);
    }

    public String nodeId()
    {
        return nodeId;
    }

    public int restPort()
    {
        return restServer.port();
    }

    /** host:port executors must send to. */
    public String executorEndpoint()
    {
        return executorLink.nodeEndpoint();
    }

    /** host:port of this node's grid member, for peers to list in grid.members. */
    public String gridAddress()
    {
        final var address = hazelcast.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }

    public Scheduler scheduler()
    {
        return scheduler;
    }

    public SchedulerApi api()
    {
        return api;
    }

    public HazelcastInstance hazelcast()
    {
        return hazelcast;
    }

    public long rejectedFrames()
    {
        return executorLink.rejectedFrames();
    }

    @Override
    public void close()
    {
        while (!closeables.isEmpty())
        {
            final AutoCloseable closeable = closeables.pop();
            try
            {
                closeable.close();
            }
            catch (final Exception ex)
            {
                LOG.warn("error while stopping {}", closeable, ex);
            }
        }
    }
}
