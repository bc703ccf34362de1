package io.weft.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.weft.rest.security.AuditLog;
import io.weft.rest.security.Authenticator;
import io.weft.scheduler.api.SchedulerApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty HTTP bridge in front of a node's scheduler: DAG submission, reads and cancel, job listings, pause and
 * resume, the executor list and health.
 * Start one per node with {@link #start(String, int, SchedulerApi)} or {@link #start(Context, SchedulerApi)};
 * {@link #close()} stops accepting, lets in-flight responses drain for the quiet period and releases all threads.
 */
public final class RestServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final Context context;
    private final EventLoopGroup acceptorGroup;
    private final EventLoopGroup ioGroup;
    private final ReadOffloader reads;
    private final FabricEndpoints fabric;
    private final Channel serverChannel;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RestServer(
        final Context context,
        final EventLoopGroup acceptorGroup,
        final EventLoopGroup ioGroup,
        final ReadOffloader reads,
        final FabricEndpoints fabric,
        final Channel serverChannel)
    {
        this.context = context;
        this.acceptorGroup = acceptorGroup;
        this.ioGroup = ioGroup;
        this.reads = reads;
        this.fabric = fabric;
        this.serverChannel = serverChannel;
    }

    /** Binds {@code host:port} (port 0 picks a free one) with default limits. */
    public static RestServer start(final String host, final int port, final SchedulerApi api)
    {
        return start(new Context().host(host).port(port), api);
    }

    public static RestServer start(final Context context, final SchedulerApi api)
    {
        return start(context, api, null);
    }

    /** Also serves the gateway API and, if it has one, the Runtime Fabric control plane; closes {@code fabric}. */
    public static RestServer start(final Context context, final SchedulerApi api, final FabricEndpoints fabric)
    {
        Objects.requireNonNull(api, "api");
        context.conclude();

        final JsonCodec json = new JsonCodec();
        final JsonResponses responses = new JsonResponses(json);
        final ReadOffloader reads = new ReadOffloader(context.readerThreads(), context.readerQueueCapacity());
        final DagRequestHandler dags =
            new DagRequestHandler(api, new DagSubmissionReader(json), reads, context.submitAckTimeoutMs());
        final RouteTable routes = routes(
            dags, new ExecutorRequestHandler(api, reads), new HealthRequestHandler(api),
            new CancelRequestHandler(api, reads), new SchedulerRequestHandler(api), new JobListingRequestHandler(api, reads),
            new DagPauseRequestHandler(api, reads), exchange -> reads.offload(exchange, api::cluster));
        final RouteTable reported = context.reports() == null ? routes
            : withReports(routes, new ReportRequestHandler(context.reports(), reads, responses));
        final RouteTable deployed = context.deployments() == null ? reported
            : withDeployments(reported, new DeploymentRequestHandler(context.deployments(), reads, json));
        final RouteTable evented = context.events() == null ? deployed : withEvents(deployed, new EventRequestHandler(
            context.events(), json, reads, new EventRequestHandler.Timings(context.eventPollMs(), context.eventHeartbeatMs(), context.eventSlowClientMs(),
                context.eventSendBufferBytes(), context.eventMaxStreams())));
        final RouteTable hybridised = context.hybrid() == null ? evented
            : withHybrid(evented, new HybridRequestHandler(context.hybrid(), reads, json));
        final RouteTable audited = context.authenticator() == null ? hybridised
            : withAudit(hybridised, new AuditRequestHandler(context.auditLog(), reads));
        final RouteTable extended = fabric == null ? audited : fabric.extend(audited, json, api, context.submitAckTimeoutMs());
        final HttpClient.Builder forwarding = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (context.trust() != null)
        {
            forwarding.sslContext(context.trust());
        }
        final HttpClient forwardingClient = forwarding.build();
        final SslContext tls = serverTls(context);
        final Duration forwardTimeout = Duration.ofMillis(context.submitAckTimeoutMs() + 5_000);
        final RouteTable routed = context.ownerRouting() == OwnerRouting.ALWAYS_LOCAL ? extended : OwnerRoutes.apply(extended,
            (handler, kind) -> new OwnerForwardingHandler(handler, context.ownerRouting(), forwardingClient, context.nodeId(), forwardTimeout, kind));
        // Outermost, so a node refuses a request before it would forward it; the owner checks the token again.
        final RouteTable served = context.authenticator() == null ? routed
            : new AccessGuard(context.authenticator(), context.auditLog(), context.metricsOpen(), context.nodeId()).apply(routed);

        final EventLoopGroup acceptorGroup = new MultiThreadIoEventLoopGroup(
            context.acceptorThreads(), new DefaultThreadFactory("weft-rest-accept", true), NioIoHandler.newFactory());
        final EventLoopGroup ioGroup = new MultiThreadIoEventLoopGroup(
            context.ioThreads(), new DefaultThreadFactory("weft-rest-io", true), NioIoHandler.newFactory());
        try
        {
            final Channel serverChannel = new ServerBootstrap()
                .group(acceptorGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new RestServerInitializer(served, responses, context.maxRequestBodyBytes(), context.readTimeoutMs(), tls))
                .bind(context.host(), context.port())
                .syncUninterruptibly()
                .channel();
            final RestServer server = new RestServer(context, acceptorGroup, ioGroup, reads, fabric, serverChannel);
            LOG.info("REST server listening on {}{}", serverChannel.localAddress(), tls == null ? " (HTTP)" : " (HTTPS)");
            return server;
        }
        catch (final Exception ex)
        {
            // syncUninterruptibly rethrows the bind failure (a checked BindException) undeclared.
            shutdown(context, acceptorGroup, ioGroup);
            reads.close();
            if (fabric != null)
            {
                fabric.close();
            }
            throw new IllegalStateException("cannot listen on " + context.host() + ":" + context.port(), ex);
        }
    }

    static RouteTable routes(
        final DagRequestHandler dags,
        final RequestHandler executors,
        final RequestHandler health,
        final CancelRequestHandler cancels,
        final SchedulerRequestHandler scheduler,
        final JobListingRequestHandler jobs,
        final DagPauseRequestHandler dagPauses,
        final RequestHandler cluster)
    {
        return RouteTable.builder()
            .add(HttpMethod.POST, RestPaths.DAGS, dags::submit)
            .add(HttpMethod.GET, RestPaths.DAG, dags::find)
            .add(HttpMethod.POST, RestPaths.DAG_CANCEL, cancels::cancelDag)
            .add(HttpMethod.POST, RestPaths.DAG_PAUSE, dagPauses::pause)
            .add(HttpMethod.POST, RestPaths.DAG_RESUME, dagPauses::resume)
            .add(HttpMethod.POST, RestPaths.JOB_CANCEL, cancels::cancelJob)
            .add(HttpMethod.GET, RestPaths.JOBS, jobs::listJobs)
            .add(HttpMethod.GET, RestPaths.DEAD_LETTERS, jobs::deadLetters)
            .add(HttpMethod.GET, RestPaths.SCHEDULER, scheduler::status)
            .add(HttpMethod.GET, RestPaths.METRICS, scheduler::metrics)
            .add(HttpMethod.GET, RestPaths.CLUSTER, cluster)
            .add(HttpMethod.POST, RestPaths.SCHEDULER_PAUSE, scheduler::pause)
            .add(HttpMethod.POST, RestPaths.SCHEDULER_RESUME, scheduler::resume)
            .add(HttpMethod.POST, RestPaths.CLASS_PAUSE, scheduler::pauseClass)
            .add(HttpMethod.POST, RestPaths.CLASS_RESUME, scheduler::resumeClass)
            .add(HttpMethod.GET, RestPaths.EXECUTORS, executors)
            .add(HttpMethod.GET, RestPaths.HEALTH, health)
            .build();
    }

    private static SslContext serverTls(final Context context)
    {
        if (context.tlsCertificate() == null)
        {
            return null;
        }
        try
        {
            return SslContextBuilder.forServer(context.tlsCertificate().toFile(), context.tlsKey().toFile()).build();
        }
        catch (final javax.net.ssl.SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot serve HTTPS with certificate " + context.tlsCertificate() + " and key "
                + context.tlsKey() + " (PEM; the key unencrypted PKCS#8): " + ex.getMessage(), ex);
        }
    }

    /** Every route's permission, as "METHOD /template": the role matrix docs/operations.md prints. */
    public static java.util.Map<String, io.weft.rest.security.Permission> routePermissions()
    {
        return RoutePermissions.all();
    }

    static RouteTable withDeployments(final RouteTable routes, final DeploymentRequestHandler deployments)
    {
        final RouteTable.Builder builder = copyOf(routes);
        return builder
            .add(HttpMethod.GET, RestPaths.DEPLOYMENTS, deployments::overview)
            // Before {name}: the first route that matches wins, so no deployment can be called "reconciliation".
            .add(HttpMethod.GET, RestPaths.DEPLOYMENT_RECONCILIATION, deployments::reconciliation)
            .add(HttpMethod.GET, RestPaths.DEPLOYMENT, deployments::find)
            .add(HttpMethod.GET, RestPaths.DEPLOYMENT_DESIRED, deployments::desired)
            .add(HttpMethod.PUT, RestPaths.DEPLOYMENT_DESIRED, deployments::putDesired)
            .add(HttpMethod.DELETE, RestPaths.DEPLOYMENT_DESIRED, deployments::deleteDesired)
            .add(HttpMethod.POST, RestPaths.DEPLOYMENT_DRAIN, deployments::drain)
            .add(HttpMethod.POST, RestPaths.DEPLOYMENT_RESUME, deployments::resume)
            .add(HttpMethod.POST, RestPaths.DEPLOYMENT_NODE_DRAIN, deployments::drainNode)
            .add(HttpMethod.POST, RestPaths.DEPLOYMENT_NODE_RESUME, deployments::resumeNode)
            .build();
    }

    /** A builder that starts with every route of {@code routes}, for adding an optional group of routes. */
    private static RouteTable.Builder copyOf(final RouteTable routes)
    {
        final RouteTable.Builder builder = RouteTable.builder();
        for (final RouteTable.Route route : routes.routes())
        {
            builder.add(route.method(), route.template(), route.handler());
        }
        return builder;
    }

    static RouteTable withEvents(final RouteTable routes, final EventRequestHandler events)
    {
        final RouteTable.Builder builder = copyOf(routes);
        return builder.add(HttpMethod.GET, RestPaths.EVENTS, events::handle).build();
    }

    static RouteTable withHybrid(final RouteTable routes, final HybridRequestHandler hybrid)
    {
        final RouteTable.Builder builder = copyOf(routes);
        return builder
            .add(HttpMethod.GET, RestPaths.HYBRID_INTENT, hybrid::intent)
            .add(HttpMethod.POST, RestPaths.HYBRID_APPLIED, hybrid::applied)
            .add(HttpMethod.GET, RestPaths.HYBRID, hybrid::localListener)
            .add(HttpMethod.GET, RestPaths.HYBRID_LISTENER, hybrid::listener)
            .add(HttpMethod.POST, RestPaths.HYBRID_LISTENER_TOKEN, hybrid::issueToken)
            .build();
    }

    static RouteTable withAudit(final RouteTable routes, final AuditRequestHandler audit)
    {
        final RouteTable.Builder builder = copyOf(routes);
        return builder.add(HttpMethod.GET, RestPaths.AUDIT, audit::query).build();
    }

    static RouteTable withReports(final RouteTable routes, final ReportRequestHandler reports)
    {
        final RouteTable.Builder builder = copyOf(routes);
        return builder
            .add(HttpMethod.GET, RestPaths.LATENCY, reports::catalog)
            .add(HttpMethod.GET, RestPaths.LATENCY_SIGNAL, reports::latency)
            .add(HttpMethod.GET, RestPaths.LATENCY_PLOT, reports::latencyPlot)
            .add(HttpMethod.GET, RestPaths.CAPACITY, reports::capacity)
            .add(HttpMethod.GET, RestPaths.CAPACITY_PLOT, reports::capacityPlot)
            .add(HttpMethod.GET, RestPaths.PROMETHEUS, reports::prometheus)
            .build();
    }

    /** The bound port; the ephemeral one when started with port 0. */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    public InetSocketAddress localAddress()
    {
        return (InetSocketAddress)serverChannel.localAddress();
    }

    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        final Object address = serverChannel.localAddress();
        serverChannel.close().syncUninterruptibly();
        shutdown(context, acceptorGroup, ioGroup);
        reads.close();
        if (fabric != null)
        {
            fabric.close();
        }
        LOG.info("REST server on {} closed", address);
    }

    private static void shutdown(final Context context, final EventLoopGroup acceptorGroup, final EventLoopGroup ioGroup)
    {
        final Future<?> acceptors = acceptorGroup.shutdownGracefully(
            context.shutdownQuietPeriodMs(), context.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
        final Future<?> io = ioGroup.shutdownGracefully(
            context.shutdownQuietPeriodMs(), context.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
        acceptors.awaitUninterruptibly();
        io.awaitUninterruptibly();
    }

    /**
     * Settings with laptop defaults; {@link #conclude()} checks them when the server starts. Setters return this so
     * that a node's configuration can be applied in one expression.
     */
    public static final class Context
    {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;
        public static final int DEFAULT_ACCEPTOR_THREADS = 1;
        public static final int DEFAULT_IO_THREADS = 2;
        public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 32 * 1024 * 1024;
        public static final int DEFAULT_READER_THREADS = 2;
        public static final int DEFAULT_READER_QUEUE_CAPACITY = 1024;
        public static final long DEFAULT_SUBMIT_ACK_TIMEOUT_MS = 30_000;
        public static final long DEFAULT_READ_TIMEOUT_MS = 10_000;
        public static final long DEFAULT_SHUTDOWN_QUIET_PERIOD_MS = 100;
        public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int acceptorThreads = DEFAULT_ACCEPTOR_THREADS;
        private int ioThreads = DEFAULT_IO_THREADS;
        private int maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
        private int readerThreads = DEFAULT_READER_THREADS;
        private int readerQueueCapacity = DEFAULT_READER_QUEUE_CAPACITY;
        private long submitAckTimeoutMs = DEFAULT_SUBMIT_ACK_TIMEOUT_MS;
        private long readTimeoutMs = DEFAULT_READ_TIMEOUT_MS;
        private OwnerRouting ownerRouting = OwnerRouting.ALWAYS_LOCAL;
        private String nodeId = "node";
        private ReportsApi reports;
        private DeploymentsApi deployments;
        private io.weft.rest.events.EventsApi events;
        private HybridApi hybrid;
        private long eventPollMs = 200;
        private long eventHeartbeatMs = 15_000;
        private long eventSlowClientMs = 5_000;
        private int eventSendBufferBytes = 64 * 1024;
        private int eventMaxStreams = 256;
        private java.nio.file.Path tlsCertificate;
        private java.nio.file.Path tlsKey;
        private javax.net.ssl.SSLContext trust;
        private Authenticator authenticator;
        private AuditLog auditLog = AuditLog.NONE;
        private boolean metricsOpen;
        private long shutdownQuietPeriodMs = DEFAULT_SHUTDOWN_QUIET_PERIOD_MS;
        private long shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;

        public Context conclude()
        {
            if (host == null || host.isBlank())
            {
                throw new IllegalArgumentException("host must be set");
            }
            if (port < 0 || port > 65_535)
            {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            requirePositive("acceptorThreads", acceptorThreads);
            requirePositive("ioThreads", ioThreads);
            requirePositive("maxRequestBodyBytes", maxRequestBodyBytes);
            requirePositive("readerThreads", readerThreads);
            requirePositive("readerQueueCapacity", readerQueueCapacity);
            requirePositive("submitAckTimeoutMs", submitAckTimeoutMs);
            requirePositive("readTimeoutMs", readTimeoutMs);
            if (shutdownQuietPeriodMs < 0 || shutdownTimeoutMs < shutdownQuietPeriodMs)
            {
                throw new IllegalArgumentException(
                    "need 0 <= shutdownQuietPeriodMs <= shutdownTimeoutMs: " + shutdownQuietPeriodMs + ", " + shutdownTimeoutMs);
            }
            return this;
        }

        private static void requirePositive(final String name, final long value)
        {
            if (value <= 0)
            {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
        }

        public Context host(final String host)
        {
            this.host = host;
            return this;
        }

        public String host()
        {
            return host;
        }

        /** 0 binds an ephemeral port; read it back with {@link RestServer#port()}. */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        public int port()
        {
            return port;
        }

        public Context acceptorThreads(final int acceptorThreads)
        {
            this.acceptorThreads = acceptorThreads;
            return this;
        }

        public int acceptorThreads()
        {
            return acceptorThreads;
        }

        public Context ioThreads(final int ioThreads)
        {
            this.ioThreads = ioThreads;
            return this;
        }

        public int ioThreads()
        {
            return ioThreads;
        }

        /** Largest request body accepted; larger ones are answered 413 {@code request-too-large}. */
        public Context maxRequestBodyBytes(final int maxRequestBodyBytes)
        {
            this.maxRequestBodyBytes = maxRequestBodyBytes;
            return this;
        }

        public int maxRequestBodyBytes()
        {
            return maxRequestBodyBytes;
        }

        /** Threads that run blocking grid reads (DAG and executor views). */
        public Context readerThreads(final int readerThreads)
        {
            this.readerThreads = readerThreads;
            return this;
        }

        public int readerThreads()
        {
            return readerThreads;
        }

        /** Reads waiting beyond this many are answered 503 {@code overloaded}. */
        public Context readerQueueCapacity(final int readerQueueCapacity)
        {
            this.readerQueueCapacity = readerQueueCapacity;
            return this;
        }

        public int readerQueueCapacity()
        {
            return readerQueueCapacity;
        }

        /** How long a submission waits for the scheduler's durability callback before answering 504. */
        public Context submitAckTimeoutMs(final long submitAckTimeoutMs)
        {
            this.submitAckTimeoutMs = submitAckTimeoutMs;
            return this;
        }

        /**
         * How long a client has to send a whole request once its head arrived (then 408 and the connection closes),
         * and how long a new connection may send nothing before its first request (then it is closed).
         */
        public Context readTimeoutMs(final long readTimeoutMs)
        {
            this.readTimeoutMs = readTimeoutMs;
            return this;
        }

        public long readTimeoutMs()
        {
            return readTimeoutMs;
        }

        /**
         * Puts every route but {@code /health} (and the gateway API, which has its own token) behind a bearer token
         * and the permission its role needs; without one, every request is served (a bare server in a unit test).
         */
        public Context authenticator(final Authenticator authenticator)
        {
            this.authenticator = authenticator;
            return this;
        }

        public Authenticator authenticator()
        {
            return authenticator;
        }

        /** Keeps every refused token or permission and every change (and serves {@code GET /api/v1/audit}). */
        public Context auditLog(final AuditLog auditLog)
        {
            this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
            return this;
        }

        public AuditLog auditLog()
        {
            return auditLog;
        }

        /** Serves HTTPS with this PEM certificate chain and PEM (PKCS#8, unencrypted) private key; both or neither. */
        public Context tls(final java.nio.file.Path certificate, final java.nio.file.Path key)
        {
            if ((certificate == null) != (key == null))
            {
                throw new IllegalArgumentException("HTTPS needs both a certificate and a key file");
            }
            this.tlsCertificate = certificate;
            this.tlsKey = key;
            return this;
        }

        public java.nio.file.Path tlsCertificate()
        {
            return tlsCertificate;
        }

        public java.nio.file.Path tlsKey()
        {
            return tlsKey;
        }

        /** Which HTTPS servers the node's own calls (forwarding to the owner) trust; null: the JDK's authorities. */
        public Context trust(final javax.net.ssl.SSLContext trust)
        {
            this.trust = trust;
            return this;
        }

        public javax.net.ssl.SSLContext trust()
        {
            return trust;
        }

        /** Lets Prometheus scrape {@code /metrics} without a token. */
        public Context metricsOpen(final boolean metricsOpen)
        {
            this.metricsOpen = metricsOpen;
            return this;
        }

        public boolean metricsOpen()
        {
            return metricsOpen;
        }

        /** Serves the executor deployments view and their drain and resume; without it those routes are absent. */
        public Context deployments(final DeploymentsApi deployments)
        {
            this.deployments = deployments;
            return this;
        }

        public DeploymentsApi deployments()
        {
            return deployments;
        }

        /** Serves the hybrid listener's API and the listener views; without it those routes are absent. */
        public Context hybrid(final HybridApi hybrid)
        {
            this.hybrid = hybrid;
            return this;
        }

        public HybridApi hybrid()
        {
            return hybrid;
        }

        /** Serves the event stream and its pages from the cluster's event buffer; without it the route is absent. */
        public Context events(final io.weft.rest.events.EventsApi events)
        {
            this.events = events;
            return this;
        }

        public io.weft.rest.events.EventsApi events()
        {
            return events;
        }

        /**
         * How often an idle event stream looks for new events, how often it sends a heartbeat comment, and how long a
         * client may leave a batch unread before its stream is closed.
         */
        public Context eventTimings(final long pollMs, final long heartbeatMs, final long slowClientMs, final int sendBufferBytes)
        {
            requirePositive("eventSendBufferBytes", sendBufferBytes);
            this.eventSendBufferBytes = sendBufferBytes;
            requirePositive("eventPollMs", pollMs);
            requirePositive("eventHeartbeatMs", heartbeatMs);
            requirePositive("eventSlowClientMs", slowClientMs);
            this.eventPollMs = pollMs;
            this.eventHeartbeatMs = heartbeatMs;
            this.eventSlowClientMs = slowClientMs;
            return this;
        }

        public long eventPollMs()
        {
            return eventPollMs;
        }

        public long eventHeartbeatMs()
        {
            return eventHeartbeatMs;
        }

        public long eventSlowClientMs()
        {
            return eventSlowClientMs;
        }

        public int eventSendBufferBytes()
        {
            return eventSendBufferBytes;
        }

        /** Event streams one node serves at once; one more is answered 503 with Retry-After. */
        public Context eventMaxStreams(final int maxStreams)
        {
            requirePositive("eventMaxStreams", maxStreams);
            this.eventMaxStreams = maxStreams;
            return this;
        }

        public int eventMaxStreams()
        {
            return eventMaxStreams;
        }

        /** Serves latency, capacity and the Prometheus scrape from {@code reports}; without it those routes are absent. */
        public Context reports(final ReportsApi reports)
        {
            this.reports = reports;
            return this;
        }

        public ReportsApi reports()
        {
            return reports;
        }

        /** Which node serves owner-only calls; this one by default (a node with no cluster). */
        public Context ownerRouting(final OwnerRouting ownerRouting)
        {
            this.ownerRouting = Objects.requireNonNull(ownerRouting, "ownerRouting");
            return this;
        }

        public OwnerRouting ownerRouting()
        {
            return ownerRouting;
        }

        /** Names this node on requests it forwards to the owner. */
        public Context nodeId(final String nodeId)
        {
            this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
            return this;
        }

        public String nodeId()
        {
            return nodeId;
        }

        public long submitAckTimeoutMs()
        {
            return submitAckTimeoutMs;
        }

        public Context shutdownQuietPeriodMs(final long shutdownQuietPeriodMs)
        {
            this.shutdownQuietPeriodMs = shutdownQuietPeriodMs;
            return this;
        }

        public long shutdownQuietPeriodMs()
        {
            return shutdownQuietPeriodMs;
        }

        public Context shutdownTimeoutMs(final long shutdownTimeoutMs)
        {
            this.shutdownTimeoutMs = shutdownTimeoutMs;
            return this;
        }

        public long shutdownTimeoutMs()
        {
            return shutdownTimeoutMs;
        }

        @Override
        public String toString()
        {
            return "RestServer.Context{host=" + host + ", port=" + port + ", acceptorThreads=" + acceptorThreads +
                ", ioThreads=" + ioThreads + ", maxRequestBodyBytes=" + maxRequestBodyBytes +
                ", readerThreads=" + readerThreads + ", readerQueueCapacity=" + readerQueueCapacity +
                ", submitAckTimeoutMs=" + submitAckTimeoutMs + ", readTimeoutMs=" + readTimeoutMs +
                ", shutdownQuietPeriodMs=" + shutdownQuietPeriodMs +
                ", shutdownTimeoutMs=" + shutdownTimeoutMs + '}';
        }
    }
}
