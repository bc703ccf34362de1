package io.weft.fabric.control;

import io.weft.fabric.Environment;
import io.weft.fabric.FabricException;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayDraft;
import io.weft.fabric.GroupDeletion;
import io.weft.fabric.GroupDraft;
import io.weft.fabric.MovedGateway;
import io.weft.fabric.ServiceType;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's rules on in-memory stores: defaults, membership, limits and bad input. */
class FabricRegistryTest
{
    private final FabricStores stores = FabricStores.inMemory();
    private FabricRegistry registry;

    @BeforeEach
    void setUp()
    {
        final GatewayTokenResolver tokens = new GatewayTokenResolver(
            Map.of("GATEWAY_TOKEN_G1", "t1", "GATEWAY_TOKEN_G2", "t2", "GATEWAY_TOKEN_G3", "t3", "GATEWAY_TOKEN_S1", "s1"),
            null, Map.of());
        registry = new FabricRegistry(stores, tokens, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        registry.ensureDefaultGroups();
    }

    private static GroupDraft group(final String id, final String environment, final Integer min, final Integer max)
    {
        return new GroupDraft(id, null, environment, "us-east", null, "1.0", List.of("ocr"), min, max, null, Set.of());
    }

    private static GatewayDraft gateway(final String id, final String environment)
    {
        return new GatewayDraft(id, null, "http://10.0.0.1:8080/", environment, null, null, null, Set.of());
    }

    private static void assertProblem(final String slug, final int status, final Executable call)
    {
        final FabricException ex = assertThrows(FabricException.class, call);
        assertEquals(slug, ex.slug(), ex.getMessage());
        assertEquals(status, ex.httpStatus());
    }

    @Test
    void theFourDefaultGroupsExistAndCannotBeDeleted()
    {
        assertEquals(List.of("default-development", "default-production", "default-staging", "default-unknown"),
            registry.groups().stream().map(FabricGroup::groupId).toList());
        assertTrue(registry.groups().stream().allMatch(FabricGroup::system));
        assertProblem("system-group", 409, () -> registry.deleteGroup("default-production"));
        assertProblem("system-group", 409, () -> registry.updateGroup("default-staging",
            new GroupDraft(null, null, null, null, null, null, null, null, 3, null, Set.of("maxGateways"))));
    }

    @Test
    void aNewGatewayLandsInItsEnvironmentsDefaultGroup()
    {
        final Gateway g1 = registry.registerGateway(gateway("g1", "Production"));

        assertEquals("default-production", g1.groupId());
        assertEquals(ServiceType.READ_WRITE, g1.serviceType());
        assertEquals("http://10.0.0.1:8080", g1.url(), "the trailing slash is dropped");
        assertTrue(g1.enabled());
    }

    @Test
    void deletingAGroupMovesItsGatewaysToTheirDefaultGroupAndDropsItsState()
    {
        registry.createGroup(group("east", "production", 0, null));
        registry.registerGateway(gateway("g1", "production"));
        registry.registerGateway(gateway("g2", "production"));
        registry.assign("east", "g1");
        registry.assign("east", "g2");
        stores.validations().put("east", io.weft.fabric.ValidationReport.neverValidated("east", null));

        final GroupDeletion deletion = registry.deleteGroup("east");

        assertEquals(List.of(new MovedGateway("g1", "east", "default-production"), new MovedGateway("g2", "east", "default-production")),
            deletion.movedGateways());
        assertEquals("default-production", registry.gateway("g1").groupId());
        assertTrue(stores.validations().find("east").isEmpty());
        assertProblem("group-not-found", 404, () -> registry.group("east"));
    }

    @Test
    void aGroupsMaximumIsEnforced()
    {
        registry.createGroup(group("east", "production", 1, 2));
        registry.registerGateway(gateway("g1", "production"));
        registry.registerGateway(gateway("g2", "production"));
        registry.registerGateway(gateway("g3", "production"));
        registry.assign("east", "g1");
        registry.assign("east", "g2");

        assertProblem("group-full", 409, () -> registry.assign("east", "g3"));
        assertProblem("group-full", 409, () -> registry.updateGroup("east",
            new GroupDraft(null, null, null, null, null, null, null, 1, 1, null, Set.of("minGateways", "maxGateways"))));
        assertEquals("default-production", registry.gateway("g3").groupId());
    }

    @Test
    void aGatewayJoinsOnlyGroupsOfItsEnvironment()
    {
        registry.createGroup(group("east", "production", 0, null));
        registry.registerGateway(gateway("s1", "staging"));

        assertProblem("invalid-field-value", 400, () -> registry.assign("east", "s1"));
    }

    @Test
    void changingAGatewaysEnvironmentMovesItToThatDefaultGroup()
    {
        registry.createGroup(group("east", "production", 0, null));
        registry.registerGateway(gateway("g1", "production"));
        registry.assign("east", "g1");

        final Gateway updated = registry.updateGateway("g1",
            new GatewayDraft(null, null, null, "staging", null, null, null, Set.of("environment")));

        assertEquals(Environment.STAGING, updated.environment());
        assertEquals("default-staging", updated.groupId());
    }

    @Test
    void badInputIsRefusedWithItsProblem()
    {
        assertProblem("invalid-field-value", 400, () -> registry.createGroup(group("east", "prod", 0, null)));
        assertProblem("missing-field", 400, () -> registry.createGroup(group("east", null, 0, null)));
        assertProblem("invalid-field-value", 400, () -> registry.createGroup(group("east", "production", 3, 2)));
        assertProblem("invalid-field-value", 400, () -> registry.createGroup(group("East Side", "production", 0, null)));
        assertProblem("duplicate-id", 409, () -> registry.createGroup(group("default-staging", "staging", 0, null)));
        registry.createGroup(group("east", "production", 0, null));
        assertProblem("duplicate-id", 409, () -> registry.createGroup(group("east", "production", 0, null)));

        assertProblem("group-not-found", 404, () -> registry.assign("nowhere", "g1"));
        assertProblem("invalid-field-value", 400, () -> registry.assign("east", "unregistered"));
        assertProblem("gateway-token-missing", 422, () -> registry.registerGateway(gateway("no-token", "production")));
        assertProblem("invalid-field-value", 400, () -> registry.registerGateway(
            new GatewayDraft("g1", null, "ftp://x", "production", null, null, null, Set.of())));
        assertProblem("invalid-field-value", 400, () -> registry.registerGateway(
            new GatewayDraft("g1", null, "http://x:1", "production", null, "WRITE_ONLY", null, Set.of())));
        registry.registerGateway(gateway("g1", "production"));
        assertProblem("duplicate-id", 409, () -> registry.registerGateway(gateway("g1", "production")));
    }

    @Test
    void anUpdateChangesOnlyTheFieldsItNamesAndNullClears()
    {
        registry.createGroup(group("east", "production", 0, 5));

        final FabricGroup updated = registry.updateGroup("east",
            new GroupDraft(null, "East coast", null, null, null, null, null, null, null, false, Set.of("name", "maxGateways", "enabled")));

        assertEquals("East coast", updated.name());
        assertNull(updated.maxGateways());
        assertFalse(updated.enabled());
        assertEquals("us-east", updated.region());
        assertEquals(List.of("ocr"), updated.requiredCapabilities());
    }
}
