package io.weft.node.fabric;

import com.hazelcast.core.HazelcastInstance;
import io.weft.fabric.ExecutionRecord;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayIdentity;
import io.weft.fabric.Publication;
import io.weft.fabric.ServiceType;
import io.weft.fabric.ValidationReport;
import io.weft.fabric.WeftVersion;
import io.weft.fabric.control.FabricControlPlane;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import io.weft.fabric.template.StoredTemplate;
import io.weft.fabric.template.TemplateCatalog;
import io.weft.rest.FabricEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a node's Runtime Fabric from its settings: the gateway API every node serves (its token, identity and
 * template catalog in the node's grid), and the control plane, whose state lives in the grid too so that every
 * control-plane node of a cluster sees the same groups and gateways. Registers the node as gateway {@code local}
 * once its HTTP port is known.
 */
public final class RuntimeFabricWiring implements AutoCloseable
{
    public static final String TEMPLATES = "weft.templates";
    public static final String GROUPS = "weft.fabric.groups";
    public static final String GATEWAYS = "weft.fabric.gateways";
    public static final String PUBLICATIONS = "weft.fabric.publications";
    public static final String EXECUTIONS = "weft.fabric.executions";
    /** Secrets every node of a cluster shares (the generated gateway token), never served or logged. */
    static final String CLUSTER_SECRETS = "weft.cluster-secrets";
    private static final String GATEWAY_TOKEN_KEY = "gateway-token";
    public static final String VALIDATIONS = "weft.fabric.validations";
    public static final String DEFINITIONS = "weft.fabric.published-definitions";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeFabricWiring.class);

    private final String nodeId;
    private final FabricControlPlane controlPlane;
    private final FabricEndpoints endpoints;
    private final boolean registerLocal;

    private RuntimeFabricWiring(
        final String nodeId, final FabricControlPlane controlPlane, final FabricEndpoints endpoints, final boolean registerLocal)
    {
        this.nodeId = nodeId;
        this.controlPlane = controlPlane;
        this.endpoints = endpoints;
        this.registerLocal = registerLocal;
    }

    /**
     * @param config      the node's settings by key (node.*, gateway.token, fabric.*); null for unset
     * @param environment the process environment, for {@code GATEWAY_TOKEN_<ID>}
     */
    public static RuntimeFabricWiring start(
        final Function<String, String> config, final HazelcastInstance hazelcast, final String nodeId, final Map<String, String> environment)
    {
        return start(config, hazelcast, nodeId, environment, null);
    }

    /** As above; {@code trust}, when not null, decides which HTTPS gateways the control plane trusts. */
    public static RuntimeFabricWiring start(
        final Function<String, String> config,
        final HazelcastInstance hazelcast,
        final String nodeId,
        final Map<String, String> environment,
        final javax.net.ssl.SSLContext trust)
    {
        final Map<String, String> settings = new java.util.HashMap<>();
        for (final String key : List.of("gateway.token", "node.version", "node.service-type", "node.features", "fabric.enabled",
            "fabric.gateways-file", "fabric.health-interval-ms", "fabric.gateway-timeout-ms", "fabric.local-gateway"))
        {
            final String value = config.apply(key);
            if (value != null)
            {
                settings.put(key, value);
            }
        }
        final String configuredToken = settings.getOrDefault("gateway.token", "").trim();
        final String gatewayToken = configuredToken.isEmpty() ? clusterToken(hazelcast) : configuredToken;
        final String version = settings.getOrDefault("node.version", "").isBlank() ?
            WeftVersion.current() : settings.get("node.version").trim();
        final String serviceTypeName = settings.getOrDefault("node.service-type", "READ_WRITE");
        final ServiceType serviceType = ServiceType.parse(serviceTypeName).orElseThrow(() -> new IllegalArgumentException(
            "setting 'node.service-type' must be READ_WRITE, READ_ONLY or INGESTION, got '" + serviceTypeName + "'"));
        final GatewayIdentity identity = new GatewayIdentity(
            hazelcast.getConfig().getClusterName(), nodeId, version, list(settings.get("node.features")), serviceType);

        FabricControlPlane controlPlane = null;
        if (Boolean.parseBoolean(settings.getOrDefault("fabric.enabled", "true").trim()))
        {
            final String file = settings.getOrDefault("fabric.gateways-file", "").trim();
            controlPlane = FabricControlPlane.start(new FabricControlPlane.Context()
                .stores(gridStores(hazelcast))
                .tokens(new GatewayTokenResolver(
                    environment, file.isEmpty() ? null : Path.of(file), Map.of(FabricControlPlane.LOCAL_GATEWAY_ID, gatewayToken)))
                .sslContext(trust)
                .healthIntervalMs(Long.parseLong(settings.getOrDefault("fabric.health-interval-ms", "5000").trim()))
                .requestTimeoutMs(Long.parseLong(settings.getOrDefault("fabric.gateway-timeout-ms", "10000").trim())));
        }
        final FabricEndpoints endpoints = FabricEndpoints.builder()
            .gatewayToken(gatewayToken)
            .identity(identity)
            .templates(new TemplateCatalog(new GridRecordStore<>(hazelcast.getMap(TEMPLATES), StoredTemplate.class), Clock.systemUTC()))
            .controlPlane(controlPlane)
            .build();
        final boolean registerLocal = controlPlane != null &&
            Boolean.parseBoolean(settings.getOrDefault("fabric.local-gateway", "true").trim());
        return new RuntimeFabricWiring(nodeId, controlPlane, endpoints, registerLocal);
    }

    /**
     * A cluster is one gateway, so every node must accept the same token. Unless one is configured, the first node
     * generates it and the others take it from the grid; it lives as long as the cluster does (not shown, not logged).
     */
    private static String clusterToken(final HazelcastInstance hazelcast)
    {
        final String generated = randomToken();
        final String existing = hazelcast.<String, String>getMap(CLUSTER_SECRETS).putIfAbsent(GATEWAY_TOKEN_KEY, generated);
        LOG.info("gateway API token {} for this cluster (not shown); set gateway.token to choose one",
            existing == null ? "generated" : "taken from the grid");
        return existing == null ? generated : existing;
    }

    public static FabricStores gridStores(final HazelcastInstance hazelcast)
    {
        return new FabricStores(
            new GridRecordStore<>(hazelcast.getMap(GROUPS), FabricGroup.class),
            new GridRecordStore<>(hazelcast.getMap(GATEWAYS), Gateway.class),
            new GridRecordStore<>(hazelcast.getMap(PUBLICATIONS), Publication.class),
            new GridRecordStore<>(hazelcast.getMap(EXECUTIONS), ExecutionRecord.class),
            new GridRecordStore<>(hazelcast.getMap(VALIDATIONS), ValidationReport.class),
            new GridRecordStore<>(hazelcast.getMap(DEFINITIONS), io.weft.fabric.template.TemplateDefinition.class));
    }

    /** For the REST server, which closes it. */
    public FabricEndpoints endpoints()
    {
        return endpoints;
    }

    /** Null when this node does not run the control plane. */
    public FabricControlPlane controlPlane()
    {
        return controlPlane;
    }

    /** The embedded default: this node's own gateway API as gateway {@code local}, once the HTTP port is bound. */
    public void registerLocalGateway(final String restHost, final int restPort)
    {
        registerLocalGateway("http", restHost, restPort);
    }

    /** Registers this node as gateway {@code local}, reached with {@code scheme} (http, or https with TLS). */
    public void registerLocalGateway(final String scheme, final String restHost, final int restPort)
    {
        if (!registerLocal)
        {
            return;
        }
        // A wildcard bind address is not somewhere to connect to; loopback reaches the same server.
        final String host = restHost.equals("0.0.0.0") || restHost.equals("::") ? "127.0.0.1" : restHost;
        controlPlane.registerLocalGateway(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + restPort, nodeId);
    }

    private static List<String> list(final String raw)
    {
        if (raw == null || raw.isBlank())
        {
            return List.of();
        }
        return java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String randomToken()
    {
        final byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close()
    {
        if (controlPlane != null)
        {
            controlPlane.close();
        }
    }
}
