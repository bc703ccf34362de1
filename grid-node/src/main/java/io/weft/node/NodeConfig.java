package io.weft.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A node's settings. Sources, later ones winning: built-in defaults, properties files ({@code --config=FILE}),
 * environment variables ({@code WEFT_REST_PORT} for {@code rest.port}), then {@code --rest.port=8080} flags
 * ({@link NodeSettingOptions} reads those off the command line).
 * The defaults run a lone node on a laptop.
 */
public final class NodeConfig
{
    /** Every setting with its default and what it means; the help text is printed from this table. */
    public static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static
    {
        SETTINGS.put("node.id", new String[] {"", "name of this node (default: a random id)"});
        SETTINGS.put("cluster.name", new String[] {"weft", "Hazelcast cluster name; nodes with the same name form one grid"});
        SETTINGS.put("grid.host", new String[] {"127.0.0.1", "address the grid member binds to"});
        SETTINGS.put("grid.port", new String[] {"5701", "grid member port (0 = any free port)"});
        SETTINGS.put("grid.members", new String[] {"", "comma-separated host:port of peer members (empty = alone)"});
        SETTINGS.put("grid.expected-members", new String[] {"1",
            "cluster size you run; maps that carry leases refuse writes on a side with fewer than half of it plus one"});
        SETTINGS.put("grid.heartbeat-interval-ms", new String[] {"1000", "how often grid members heartbeat each other (whole seconds)"});
        SETTINGS.put("grid.max-silence-ms", new String[] {"2000",
            "a member silent this long is declared dead and its work taken over (whole seconds; shorter = faster takeover, more false alarms under load)"});
        SETTINGS.put("grid.merge-delay-ms", new String[] {"5000",
            "after a split, how soon a member that finds the rest of the cluster again merges back into it"});
        SETTINGS.put("cluster.ownership", new String[] {"partitioned",
            "'single': one node owns every DAG and class (the others forward to it); 'partitioned': each node owns the DAGs "
            + "of its grid partitions and one owns the executor classes, and they message each other over Aeron"});
        SETTINGS.put("cluster.peer-endpoint", new String[] {"127.0.0.1:0",
            "with partitioned ownership, the UDP host:port other nodes reach this node's scheduler at (port 0 = any free port)"});
        SETTINGS.put("cluster.ownership-check-ms", new String[] {"200", "how often a node checks whether it should own the scheduler"});
        SETTINGS.put("cluster.settle-timeout-ms", new String[] {"15000",
            "at start-up, how long to wait for this node to own the scheduler or learn who does before serving"});
        SETTINGS.put("cluster.sweep-interval-ms", new String[] {"2000",
            "how often the owner looks for unfinished DAGs that no current owner holds (late writes of an old owner)"});
        SETTINGS.put("grid.retention.finished-ms", new String[] {"3600000",
            "how long a finished DAG (run record, definition, results, reference key) is kept after it ends; 0 = for ever"});
        SETTINGS.put("grid.retention.max-finished-jobs", new String[] {"1000000",
            "at most this many jobs of finished DAGs are kept, oldest finished go first (about 200 bytes each); 0 = no limit"});
        SETTINGS.put("grid.retention.max-finished-dags", new String[] {"200000",
            "at most this many finished DAGs are kept, oldest finished go first (about 1 KB each besides their jobs); 0 = no limit"});
        SETTINGS.put("grid.retention.dead-letters-ms", new String[] {"604800000",
            "how long a dead letter (a job that failed for good) is kept; 0 = for ever"});
        SETTINGS.put("security.tokens-file", new String[] {"",
            "API tokens, one '<principal> <role> sha256:<hash>' line each (make them with 'weft token'); re-read when it changes. "
            + "Also WEFT_TOKEN_<PRINCIPAL>=<role>:<token>. With neither, a node on a loopback address makes an admin token for the run"});
        SETTINGS.put("security.admin-token-file", new String[] {"~/.weft/admin-token",
            "where a node with no configured tokens writes the cluster's generated admin token (readable by its user only)"});
        SETTINGS.put("security.executor-tokens-file", new String[] {"",
            "executor tokens, one '<name> <classes,..|*> sha256:<hash>' line each (make them with 'weft token --executor'); "
            + "also WEFT_EXECUTOR_TOKEN_<NAME>=<classes|*>:<token>. With neither, a node on a loopback endpoint makes one for the run"});
        SETTINGS.put("security.executor-token-file", new String[] {"~/.weft/executor-token",
            "where a node with no configured executor tokens writes the cluster's generated one (readable by its user only)"});
        SETTINGS.put("security.metrics-open", new String[] {"false", "let Prometheus scrape /metrics without a token"});
        SETTINGS.put("security.audit-retention-ms", new String[] {"2592000000",
            "how long the audit trail keeps an entry (in the grid, with a backup); 0 = for ever"});
        SETTINGS.put("rest.host", new String[] {"127.0.0.1", "address the REST bridge binds to"});
        SETTINGS.put("rest.port", new String[] {"8080", "REST bridge port (0 = any free port)"});
        SETTINGS.put("rest.tls.certificate-file", new String[] {"", "serve HTTPS with this PEM certificate chain (with rest.tls.key-file); empty = HTTP"});
        SETTINGS.put("rest.tls.key-file", new String[] {"", "the PEM private key (unencrypted PKCS#8) of rest.tls.certificate-file"});
        SETTINGS.put("tls.trust-file", new String[] {"",
            "PEM certificates (a private CA, or the nodes' own) this node trusts when it calls other nodes and gateways over HTTPS; "
            + "empty = the JDK's authorities"});
        SETTINGS.put("rest.read-timeout-ms", new String[] {"10000",
            "a request must arrive whole this long after its first line (else 408); a new connection silent this long is closed"});
        SETTINGS.put("executor.endpoint", new String[] {"127.0.0.1:40123", "UDP host:port executors send to (port 0 = any free port)"});
        SETTINGS.put("aeron.dir", new String[] {"", "Aeron media driver directory (default: a fresh unique directory)"});
        SETTINGS.put("scheduler.ring-size", new String[] {"65536", "Disruptor ring slots (power of two); a full ring answers 503"});
        SETTINGS.put("scheduler.heartbeat-timeout-ms", new String[] {"5000", "an executor silent this long is lost and its jobs retried"});
        SETTINGS.put("scheduler.max-result-bytes", new String[] {"65536",
            "largest job result kept with its job; a larger one is dropped (the job still succeeds) and counted"});
        SETTINGS.put("metrics.log-interval-s", new String[] {"0", "log every metric at this interval in seconds (0 = off)"});
        SETTINGS.put("metrics.latency.interval-ms", new String[] {"10000",
            "latency signals are closed into an interval this often: the resolution of windows and of the interval log"});
        SETTINGS.put("metrics.latency.history-ms", new String[] {"900000",
            "how much interval history a node keeps in memory for windows, capacity and plots"});
        SETTINGS.put("metrics.latency.log-dir", new String[] {"",
            "write HdrHistogram interval logs (one tagged histogram per signal and class) here; empty = no log"});
        SETTINGS.put("metrics.latency.log-rotate-bytes", new String[] {"67108864", "start a new interval log file past this size"});
        SETTINGS.put("metrics.latency.log-rotate-ms", new String[] {"3600000", "start a new interval log file after this long"});
        SETTINGS.put("metrics.latency.log-retention-ms", new String[] {"604800000", "delete interval log files older than this (0 = never)"});
        SETTINGS.put("deployments.lost-retention-ms", new String[] {"600000",
            "an executor instance lost by heartbeat stays listed UNHEALTHY in its deployment this long"});
        SETTINGS.put("deployments.reconcile-interval-ms", new String[] {"5000",
            "how often desired deployment states are compared with what runs (also on every change of either)"});
        SETTINGS.put("events.capacity", new String[] {"100000",
            "events the cluster's event buffer holds (replicated once; at least 256); past it the oldest are overwritten"});
        SETTINGS.put("events.progress-interval-ms", new String[] {"1000",
            "routine job changes (ready, leased, running, succeeded) go out as one job.progress event per DAG this often"});
        SETTINGS.put("events.max-job-events-per-second", new String[] {"1000",
            "job failures, retries, skips, cancels and expiries sent one by one per second per node; the rest are counted"});
        SETTINGS.put("events.max-streams", new String[] {"256", "event streams one node serves at once; more are answered 503"});
        SETTINGS.put("events.heartbeat-ms", new String[] {"15000", "an event stream with nothing to send sends a comment this often"});
        SETTINGS.put("events.poll-ms", new String[] {"200", "how often an idle event stream looks for new events"});
        SETTINGS.put("events.slow-client-ms", new String[] {"5000",
            "an event stream whose client leaves a batch unread this long is closed"});
        SETTINGS.put("events.stream-send-buffer-bytes", new String[] {"65536",
            "the socket send buffer of each event stream: what a stalled client can hold in the kernel"});
        SETTINGS.put("hybrid.control-plane-url", new String[] {"",
            "run a hybrid listener: pull this data plane's intent from the control plane at this URL (empty = no listener)"});
        SETTINGS.put("hybrid.gateway-id", new String[] {"",
            "the gateway id this data plane is registered under at its control plane"});
        SETTINGS.put("hybrid.listener-token-file", new String[] {"",
            "file holding the listener token the control plane issued for hybrid.gateway-id (read at every poll)"});
        SETTINGS.put("hybrid.poll-interval-ms", new String[] {"5000", "how often the hybrid listener pulls its intent"});
        SETTINGS.put("hybrid.request-timeout-ms", new String[] {"5000", "how long the hybrid listener waits for its control plane"});
        SETTINGS.put("capacity.sample-interval-ms", new String[] {"1000", "how often each class's slots are sampled for utilisation"});
        SETTINGS.put("capacity.target-utilisation", new String[] {"0.7", "the utilisation headroom advice sizes a class for"});
        SETTINGS.put("capacity.alert-utilisation", new String[] {"0.8", "a class above this utilisation for capacity.alert-after-ms raises an alert"});
        SETTINGS.put("capacity.alert-after-ms", new String[] {"300000", "how long a class must stay above the alert utilisation to raise an alert"});
        SETTINGS.put("capacity.alert-clear-after-ms", new String[] {"60000", "how long a class must stay at or below it for the alert to clear"});
        SETTINGS.put("executor.lease-timeout-ms", new String[] {"15000",
            "a lease not renewed by a heartbeat for this long expires and its attempt fails"});
        SETTINGS.put("node.ready-file", new String[] {"",
            "once the node is up, write its bound addresses here (restPort, executorEndpoint, gridAddress as properties)"});
        SETTINGS.put("node.version", new String[] {"", "Weft version the gateway API reports (default: this build's version)"});
        SETTINGS.put("node.features", new String[] {"", "comma-separated features the gateway API declares, e.g. gpu,pdf"});
        SETTINGS.put("node.service-type", new String[] {"READ_WRITE", "gateway service type: READ_WRITE, READ_ONLY or INGESTION"});
        SETTINGS.put("gateway.token", new String[] {"", "bearer token of the cluster's gateway API (default: one random token per cluster, kept in the grid)"});
        SETTINGS.put("fabric.enabled", new String[] {"true", "serve the Runtime Fabric control plane under /api/v1/fabric"});
        SETTINGS.put("fabric.local-gateway", new String[] {"true", "register this node as gateway 'local' in default-development"});
        SETTINGS.put("fabric.gateways-file", new String[] {"", "JSON or properties file of gateway id -> token (GATEWAY_TOKEN_<ID> wins)"});
        SETTINGS.put("fabric.health-interval-ms", new String[] {"5000", "how often each gateway's health is checked"});
        SETTINGS.put("fabric.gateway-timeout-ms", new String[] {"10000", "longest wait for a gateway's answer"});
    }

    private final Map<String, String> values;

    private NodeConfig(final Map<String, String> values)
    {
        this.values = values;
    }

    public static NodeConfig defaults()
    {
        return from(List.of(), Map.of(), Map.of());
    }

    /**
     * @param configFiles properties files, read in order
     * @param flags       settings given on the command line, by key
     * @param env         the environment, for {@code WEFT_*} variables
     * @throws IllegalArgumentException for a key that is no setting, in a file or in {@code flags}
     */
    public static NodeConfig from(final List<Path> configFiles, final Map<String, String> flags, final Map<String, String> env)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        SETTINGS.forEach((key, spec) -> values.put(key, spec[0]));
        for (final Path file : configFiles)
        {
            values.putAll(load(file));
        }
        for (final String key : SETTINGS.keySet())
        {
            final String fromEnv = env.get(envName(key));
            if (fromEnv != null)
            {
                values.put(key, fromEnv);
            }
        }
        flags.forEach((key, value) -> {
            if (!SETTINGS.containsKey(key))
            {
                throw new IllegalArgumentException("unknown setting '" + key + "' (see --help)");
            }
            values.put(key, value);
        });
        if (values.get("node.id").isBlank())
        {
            values.put("node.id", "node-" + UUID.randomUUID().toString().substring(0, 8));
        }
        return new NodeConfig(values);
    }

    public NodeConfig with(final String key, final String value)
    {
        if (!SETTINGS.containsKey(key))
        {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        final Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new NodeConfig(copy);
    }

    public static String envName(final String key)
    {
        return "WEFT_" + key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    public String get(final String key)
    {
        return values.get(key);
    }

    public int getInt(final String key)
    {
        try
        {
            return Integer.parseInt(values.get(key).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be an integer, got '" + values.get(key) + "'");
        }
    }

    public double getDouble(final String key)
    {
        final String value = get(key);
        try
        {
            return Double.parseDouble(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be a number, got '" + value + "'");
        }
    }

    public long getLong(final String key)
    {
        try
        {
            return Long.parseLong(values.get(key).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be an integer, got '" + values.get(key) + "'");
        }
    }

    public List<String> getList(final String key)
    {
        final String raw = values.get(key);
        if (raw == null || raw.isBlank())
        {
            return List.of();
        }
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> load(final Path file)
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read config file " + file, ex);
        }
        final Map<String, String> loaded = new LinkedHashMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (!SETTINGS.containsKey(key))
            {
                throw new IllegalArgumentException("unknown setting '" + key + "' in " + file);
            }
            loaded.put(key, properties.getProperty(key));
        }
        return loaded;
    }
}
