package io.weft.fabric.control;

import io.weft.fabric.Environment;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.FabricProblem;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayDraft;
import io.weft.fabric.GroupDeletion;
import io.weft.fabric.GroupDraft;
import io.weft.fabric.IdentifierRules;
import io.weft.fabric.MovedGateway;
import io.weft.fabric.Publication;
import io.weft.fabric.ServiceType;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Groups and gateways and the rules that keep them consistent:
 * <ul>
 *   <li>the four system default groups always exist, cannot be deleted, and always have room;</li>
 *   <li>a gateway is in exactly one group, of its own environment; a new one starts in its environment's default
 *       group, and a group never holds more gateways than its maximum;</li>
 *   <li>deleting a group moves its gateways to their environment's default group and drops its intended state;</li>
 *   <li>a gateway can only be registered when a token for it is configured, so a registration never silently
 *       produces a gateway that can never be reached.</li>
 * </ul>
 * Calls block on the stores. Changes are serialised within this process, which is what makes the maximum hold;
 * two control-plane nodes changing membership of one group at the same instant could both pass the check.
 */
public final class FabricRegistry
{
    private static final Logger LOG = LoggerFactory.getLogger(FabricRegistry.class);
    private static final String ENVIRONMENTS = Arrays.stream(Environment.values())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    private static final String SERVICE_TYPES = Arrays.stream(ServiceType.values())
        .map(Enum::name).collect(Collectors.joining(", "));

    private final FabricStores stores;
    private final GatewayTokenResolver tokens;
    private final Clock clock;
    private final Object writeLock = new Object();

    public FabricRegistry(final FabricStores stores, final GatewayTokenResolver tokens, final Clock clock)
    {
        this.stores = stores;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Creates whichever default groups are missing; safe to call from every node at every start. */
    public void ensureDefaultGroups()
    {
        final Instant now = clock.instant();
        for (final Environment environment : Environment.values())
        {
            stores.groups().putIfAbsent(environment.defaultGroupId(), FabricGroup.systemDefault(environment, now));
        }
    }

    // ------------------------------------------------------------------------------------------------ groups

    public FabricGroup group(final String groupId)
    {
        return stores.groups().find(groupId).orElseThrow(
            () -> FabricProblem.GROUP_NOT_FOUND.exception("no fabric group '" + abbreviate(groupId) + "'"));
    }

    public List<FabricGroup> groups()
    {
        return stores.groups().list().stream().sorted(Comparator.comparing(FabricGroup::groupId)).toList();
    }

    public FabricGroup createGroup(final GroupDraft draft)
    {
        final String groupId = IdentifierRules.requireId(draft.groupId(), "groupId");
        final Environment environment = environment(draft.environment(), true);
        final int min = draft.minGateways() == null ? 0 : draft.minGateways();
        final Integer max = draft.maxGateways();
        checkBounds(min, max);
        final Instant now = clock.instant();
        final FabricGroup group = new FabricGroup(
            groupId,
            nameOr(draft.name(), groupId),
            environment,
            blankToNull(draft.region()),
            blankToNull(draft.description()),
            version(draft.expectedVersion()),
            capabilities(draft.requiredCapabilities()),
            min,
            max,
            draft.enabled() == null || draft.enabled(),
            false,
            now,
            now);
        synchronized (writeLock)
        {
            if (!stores.groups().putIfAbsent(groupId, group))
            {
                throw FabricProblem.DUPLICATE_ID.exception("a fabric group '" + groupId + "' already exists", "groupId");
            }
        }
        LOG.info("fabric group {} created ({})", groupId, environment);
        return group;
    }

    public FabricGroup updateGroup(final String groupId, final GroupDraft draft)
    {
        synchronized (writeLock)
        {
            final FabricGroup current = group(groupId);
            if (draft.has("groupId") && !groupId.equals(draft.groupId()))
            {
                throw FabricProblem.INVALID_FIELD_VALUE.exception("groupId cannot change (the path names '" + groupId + "')", "groupId");
            }
            if (draft.has("environment") && environment(draft.environment(), true) != current.environment())
            {
                throw FabricProblem.INVALID_FIELD_VALUE.exception(
                    "a group's environment cannot change, since its gateways belong to it; create a new group", "environment");
            }
            final int min = draft.has("minGateways") ? (draft.minGateways() == null ? 0 : draft.minGateways()) : current.minGateways();
            final Integer max = draft.has("maxGateways") ? draft.maxGateways() : current.maxGateways();
            if (current.system() && max != null)
            {
                throw FabricProblem.SYSTEM_GROUP.exception(
                    "default group " + groupId + " has no maximum: it must always have room for gateways that leave other groups");
            }
            checkBounds(min, max);
            final int members = members(groupId).size();
            if (max != null && members > max)
            {
                throw FabricProblem.GROUP_FULL.exception(
                    "group " + groupId + " has " + members + " gateways; maxGateways " + max + " would be below that");
            }
            final FabricGroup updated = new FabricGroup(
                groupId,
                draft.has("name") ? nameOr(draft.name(), groupId) : current.name(),
                current.environment(),
                draft.has("region") ? blankToNull(draft.region()) : current.region(),
                draft.has("description") ? blankToNull(draft.description()) : current.description(),
                draft.has("expectedVersion") ? version(draft.expectedVersion()) : current.expectedVersion(),
                draft.has("requiredCapabilities") ? capabilities(draft.requiredCapabilities()) : current.requiredCapabilities(),
                min,
                max,
                draft.has("enabled") ? draft.enabled() == null || draft.enabled() : current.enabled(),
                current.system(),
                current.createdAt(),
                clock.instant());
            stores.groups().put(groupId, updated);
            return updated;
        }
    }

    public GroupDeletion deleteGroup(final String groupId)
    {
        synchronized (writeLock)
        {
            final FabricGroup group = group(groupId);
            if (group.system())
            {
                throw FabricProblem.SYSTEM_GROUP.exception("default group " + groupId + " cannot be deleted");
            }
            final Instant now = clock.instant();
            final List<MovedGateway> moved = new ArrayList<>();
            for (final Gateway gateway : members(groupId))
            {
                final String home = gateway.environment().defaultGroupId();
                stores.gateways().put(gateway.gatewayId(), gateway.inGroup(home, now));
                moved.add(new MovedGateway(gateway.gatewayId(), groupId, home));
            }
            for (final Publication publication : stores.publications().list())
            {
                if (publication.groupId().equals(groupId))
                {
                    stores.publications().remove(Publication.key(groupId, publication.template(), publication.version()));
                }
            }
            stores.validations().remove(groupId);
            stores.groups().remove(groupId);
            LOG.info("fabric group {} deleted; {} gateway(s) moved to their default groups", groupId, moved.size());
            return new GroupDeletion(groupId, moved);
        }
    }

    /** The gateways of a group, enabled or not, by id. */
    public List<Gateway> members(final String groupId)
    {
        return stores.gateways().list().stream()
            .filter(gateway -> gateway.groupId().equals(groupId))
            .sorted(Comparator.comparing(Gateway::gatewayId))
            .toList();
    }

    // ---------------------------------------------------------------------------------------------- gateways

    public Gateway gateway(final String gatewayId)
    {
        return stores.gateways().find(gatewayId).orElseThrow(
            () -> FabricProblem.GATEWAY_NOT_FOUND.exception("no gateway '" + abbreviate(gatewayId) + "'"));
    }

    public List<Gateway> gateways()
    {
        return stores.gateways().list().stream().sorted(Comparator.comparing(Gateway::gatewayId)).toList();
    }

    public Gateway registerGateway(final GatewayDraft draft)
    {
        final String gatewayId = IdentifierRules.requireId(draft.gatewayId(), "gatewayId");
        final String url = url(draft.url());
        final Environment environment = environment(draft.environment(), true);
        final ServiceType serviceType = serviceType(draft.serviceType());
        if (!tokens.hasToken(gatewayId))
        {
            throw FabricProblem.GATEWAY_TOKEN_MISSING.exception(
                "no token for gateway '" + gatewayId + "': set the environment variable " +
                GatewayTokenResolver.environmentVariable(gatewayId) + " or add it to the gateways file, then register again",
                "gatewayId");
        }
        final Instant now = clock.instant();
        final Gateway gateway = new Gateway(
            gatewayId,
            nameOr(draft.name(), gatewayId),
            url,
            environment,
            blankToNull(draft.region()),
            serviceType,
            draft.enabled() == null || draft.enabled(),
            environment.defaultGroupId(),
            now,
            now);
        synchronized (writeLock)
        {
            if (!stores.gateways().putIfAbsent(gatewayId, gateway))
            {
                throw FabricProblem.DUPLICATE_ID.exception("a gateway '" + gatewayId + "' is already registered", "gatewayId");
            }
        }
        LOG.info("gateway {} registered at {} in group {}", gatewayId, url, gateway.groupId());
        return gateway;
    }

    /** For the node's own {@code local} gateway: registers it unless a gateway of that id exists. */
    public boolean registerIfAbsent(final Gateway gateway)
    {
        synchronized (writeLock)
        {
            return stores.gateways().putIfAbsent(gateway.gatewayId(), gateway);
        }
    }

    public Gateway updateGateway(final String gatewayId, final GatewayDraft draft)
    {
        synchronized (writeLock)
        {
            final Gateway current = gateway(gatewayId);
            if (draft.has("gatewayId") && !gatewayId.equals(draft.gatewayId()))
            {
                throw FabricProblem.INVALID_FIELD_VALUE.exception(
                    "gatewayId cannot change (the path names '" + gatewayId + "')", "gatewayId");
            }
            final Environment environment = draft.has("environment") ? environment(draft.environment(), true) : current.environment();
            // A gateway stays in a group of its own environment: a new environment means a new home.
            final String groupId = environment == current.environment() ? current.groupId() : environment.defaultGroupId();
            final Gateway updated = new Gateway(
                gatewayId,
                draft.has("name") ? nameOr(draft.name(), gatewayId) : current.name(),
                draft.has("url") ? url(draft.url()) : current.url(),
                environment,
                draft.has("region") ? blankToNull(draft.region()) : current.region(),
                draft.has("serviceType") ? serviceType(draft.serviceType()) : current.serviceType(),
                draft.has("enabled") ? draft.enabled() == null || draft.enabled() : current.enabled(),
                groupId,
                current.registeredAt(),
                clock.instant());
            stores.gateways().put(gatewayId, updated);
            return updated;
        }
    }

    public void removeGateway(final String gatewayId)
    {
        synchronized (writeLock)
        {
            gateway(gatewayId);
            stores.gateways().remove(gatewayId);
        }
        LOG.info("gateway {} removed", gatewayId);
    }

    /** Moves a gateway into a group of its environment, if the group has room. */
    public Gateway assign(final String groupId, final String gatewayId)
    {
        synchronized (writeLock)
        {
            final FabricGroup group = group(groupId);
            if (gatewayId == null || gatewayId.isEmpty())
            {
                throw FabricProblem.MISSING_FIELD.exception("field 'gatewayId' is required", "gatewayId");
            }
            final Gateway gateway = stores.gateways().find(gatewayId).orElseThrow(() -> FabricProblem.INVALID_FIELD_VALUE.exception(
                "no gateway '" + abbreviate(gatewayId) + "' is registered", "gatewayId"));
            if (gateway.groupId().equals(groupId))
            {
                return gateway;
            }
            if (gateway.environment() != group.environment())
            {
                throw FabricProblem.INVALID_FIELD_VALUE.exception(
                    "gateway " + gatewayId + " serves " + gateway.environment() + " but group " + groupId + " is " +
                    group.environment() + "; a gateway joins only groups of its environment", "gatewayId");
            }
            final int members = members(groupId).size();
            if (!group.hasRoomFor(members + 1))
            {
                throw FabricProblem.GROUP_FULL.exception(
                    "group " + groupId + " already holds its maximum of " + group.maxGateways() + " gateway(s)");
            }
            final Gateway moved = gateway.inGroup(groupId, clock.instant());
            stores.gateways().put(gatewayId, moved);
            LOG.info("gateway {} moved from {} to {}", gatewayId, gateway.groupId(), groupId);
            return moved;
        }
    }

    // ------------------------------------------------------------------------------------------------- rules

    private static Environment environment(final String text, final boolean required)
    {
        if (text == null || text.isBlank())
        {
            if (!required)
            {
                return null;
            }
            throw FabricProblem.MISSING_FIELD.exception("field 'environment' is required (one of " + ENVIRONMENTS + ")", "environment");
        }
        return Environment.parse(text).orElseThrow(() -> FabricProblem.INVALID_FIELD_VALUE.exception(
            "unknown environment '" + abbreviate(text) + "'; expected one of " + ENVIRONMENTS, "environment"));
    }

    private static ServiceType serviceType(final String text)
    {
        if (text == null || text.isBlank())
        {
            return ServiceType.READ_WRITE;
        }
        return ServiceType.parse(text).orElseThrow(() -> FabricProblem.INVALID_FIELD_VALUE.exception(
            "unknown service type '" + abbreviate(text) + "'; expected one of " + SERVICE_TYPES, "serviceType"));
    }

    private static void checkBounds(final int min, final Integer max)
    {
        if (min < 0)
        {
            throw FabricProblem.INVALID_FIELD_VALUE.exception("minGateways must be 0 or more, got " + min, "minGateways");
        }
        if (max != null && max < 1)
        {
            throw FabricProblem.INVALID_FIELD_VALUE.exception("maxGateways must be 1 or more (or null for no limit), got " + max, "maxGateways");
        }
        if (max != null && min > max)
        {
            throw FabricProblem.INVALID_FIELD_VALUE.exception(
                "minGateways (" + min + ") is greater than maxGateways (" + max + ")", "minGateways");
        }
    }

    private static String url(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw FabricProblem.MISSING_FIELD.exception("field 'url' is required", "url");
        }
        try
        {
            final URI uri = new URI(text.trim());
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null ||
                uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null)
            {
                throw new URISyntaxException(text, "not an http(s) base URL");
            }
            final String normalised = uri.toString();
            return normalised.endsWith("/") ? normalised.substring(0, normalised.length() - 1) : normalised;
        }
        catch (final URISyntaxException ex)
        {
            throw FabricProblem.INVALID_FIELD_VALUE.exception(
                "url must be an http or https base URL such as http://10.0.0.5:8080, got '" + abbreviate(text) + "'", "url");
        }
    }

    private static String version(final String text)
    {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static List<String> capabilities(final List<String> values)
    {
        if (values == null)
        {
            return List.of();
        }
        final List<String> cleaned = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++)
        {
            final String value = values.get(i);
            if (value == null || value.isBlank())
            {
                throw FabricProblem.INVALID_FIELD_VALUE.exception(
                    "requiredCapabilities[" + i + "] must be a non-empty string", "requiredCapabilities[" + i + "]");
            }
            cleaned.add(value.trim());
        }
        return cleaned;
    }

    private static String nameOr(final String name, final String fallback)
    {
        return name == null || name.isBlank() ? fallback : name.trim();
    }

    private static String blankToNull(final String text)
    {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String abbreviate(final String text)
    {
        return text == null || text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
