package io.weft.fabric.control;

import io.weft.fabric.Environment;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayHealth;
import io.weft.fabric.GroupStatus;
import io.weft.fabric.HealthState;
import io.weft.fabric.InspectionResult;
import io.weft.fabric.ServiceType;
import io.weft.fabric.ValidationReport;
import io.weft.fabric.gateway.GatewayRuntime;
import io.weft.fabric.gateway.RuntimeCapabilities;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four group statuses and the rule order between them. */
class GroupValidatorTest
{
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static FabricGroup group(final String expectedVersion, final int min, final String... capabilities)
    {
        return new FabricGroup("east", "East", Environment.PRODUCTION, null, null, expectedVersion,
            List.of(capabilities), min, null, true, false, NOW, NOW);
    }

    static Gateway gateway(final String id)
    {
        return new Gateway(id, id, "http://127.0.0.1:1", Environment.PRODUCTION, null, ServiceType.READ_WRITE, true, "east", NOW, NOW);
    }

    static GroupValidator.Probe up(final String id, final String version, final String... features)
    {
        return new GroupValidator.Probe(gateway(id), new GatewayHealth(id, HealthState.UP, null, NOW, 1),
            new GatewayRuntime("c-" + id, "n-" + id, version, ServiceType.READ_WRITE,
                new RuntimeCapabilities(List.of("ocr"), List.of(features))), null, false);
    }

    static GroupValidator.Probe health(final String id, final HealthState state)
    {
        return new GroupValidator.Probe(gateway(id), new GatewayHealth(id, state, "because", NOW, 1), null, null, false);
    }

    @Test
    void healthyWhenEveryGatewayMatches()
    {
        final ValidationReport report = GroupValidator.validate(group("1.0", 2, "ocr", "gpu"),
            List.of(up("b", "1.0", "gpu"), up("a", "1.0", "gpu")), NOW);

        assertEquals(GroupStatus.HEALTHY, report.status(), report.reasons().toString());
        assertEquals(List.of("a", "b"), report.gateways().stream().map(g -> g.gatewayId()).toList());
        assertEquals(2, report.health().healthy());
        assertEquals(NOW, report.health().lastCheckAt());
    }

    @Test
    void mismatchedNamesTheGatewayAndEachDifference()
    {
        final ValidationReport report = GroupValidator.validate(group("1.0", 1, "gpu"),
            List.of(up("a", "1.0", "gpu"), up("b", "2.0")), NOW);

        assertEquals(GroupStatus.MISMATCHED, report.status());
        final var b = report.gateways().get(1);
        assertEquals(InspectionResult.MISMATCHED, b.result());
        assertEquals("version", b.differences().get(0).field());
        assertEquals("1.0", b.differences().get(0).expected());
        assertEquals("2.0", b.differences().get(0).actual());
        assertEquals("capability", b.differences().get(1).field());
        assertEquals("gpu", b.differences().get(1).expected());
        assertTrue(report.reasons().get(0).contains("[b]"), report.reasons().toString());
    }

    @Test
    void withNoExpectedVersionTheGatewaysMustAgreeAmongThemselves()
    {
        final ValidationReport report = GroupValidator.validate(group(null, 0),
            List.of(up("a", "1.0"), up("b", "1.0"), up("c", "1.1")), NOW);

        assertEquals(GroupStatus.MISMATCHED, report.status());
        assertEquals(InspectionResult.MISMATCHED, report.gateways().get(2).result());
        assertEquals("1.0", report.gateways().get(2).differences().get(0).expected());
    }

    @Test
    void degradedBelowTheMinimumEvenWhenTheRestMismatch()
    {
        final ValidationReport report = GroupValidator.validate(group("1.0", 2),
            List.of(up("a", "2.0"), health("b", HealthState.DOWN)), NOW);

        assertEquals(GroupStatus.DEGRADED, report.status());
        assertEquals(1, report.health().healthy());
        assertEquals(1, report.health().degraded());
        assertTrue(report.reasons().stream().anyMatch(r -> r.contains("also mismatched")), report.reasons().toString());
    }

    @Test
    void degradedOnPartialAvailabilityAboveTheMinimum()
    {
        final ValidationReport report = GroupValidator.validate(group("1.0", 1),
            List.of(up("a", "1.0"), health("b", HealthState.DOWN)), NOW);

        assertEquals(GroupStatus.DEGRADED, report.status());
        assertEquals(InspectionResult.UNAVAILABLE, report.gateways().get(1).result());
    }

    @Test
    void unknownWhenAGatewayRefusesInspection()
    {
        final ValidationReport report = GroupValidator.validate(group("1.0", 1),
            List.of(up("a", "1.0"), health("b", HealthState.REJECTED)), NOW);

        assertEquals(GroupStatus.UNKNOWN, report.status());
        assertEquals(InspectionResult.NOT_INSPECTED, report.gateways().get(1).result());
    }

    @Test
    void unknownForAnEmptyGroupWithNoMinimum()
    {
        assertEquals(GroupStatus.UNKNOWN, GroupValidator.validate(group("1.0", 0), List.of(), NOW).status());
        assertEquals(GroupStatus.DEGRADED, GroupValidator.validate(group("1.0", 1), List.of(), NOW).status());
    }
}
