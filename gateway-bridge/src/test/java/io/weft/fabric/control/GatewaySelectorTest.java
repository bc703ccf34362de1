package io.weft.fabric.control;

import io.weft.fabric.Environment;
import io.weft.fabric.Gateway;
import io.weft.fabric.ServiceType;
import io.weft.fabric.gateway.CapacityReport;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executions go to the writable gateway with the most free slots. */
class GatewaySelectorTest
{
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Gateway gateway(final String id, final ServiceType type, final boolean enabled)
    {
        return new Gateway(id, id, "http://127.0.0.1:1", Environment.PRODUCTION, null, type, enabled, "east", NOW, NOW);
    }

    private static CapacityReport free(final int available)
    {
        return new CapacityReport(10, 10 - available, available, 0, List.of());
    }

    @Test
    void mostAvailableFirstThenUnknownCapacityTiesById()
    {
        final List<GatewaySelector.Candidate> ranked = GatewaySelector.rank(List.of(
            new GatewaySelector.Candidate(gateway("a", ServiceType.READ_WRITE, true), free(2)),
            new GatewaySelector.Candidate(gateway("b", ServiceType.READ_WRITE, true), null),
            new GatewaySelector.Candidate(gateway("d", ServiceType.READ_WRITE, true), free(7)),
            new GatewaySelector.Candidate(gateway("c", ServiceType.READ_WRITE, true), free(7))));

        assertEquals(List.of("c", "d", "a", "b"), ranked.stream().map(c -> c.gateway().gatewayId()).toList());
    }

    @Test
    void disabledAndReadOnlyGatewaysAreExcludedWithAReason()
    {
        assertTrue(GatewaySelector.staticExclusion(gateway("a", ServiceType.READ_WRITE, true)).isEmpty());
        assertTrue(GatewaySelector.staticExclusion(gateway("b", ServiceType.READ_ONLY, true)).orElseThrow().contains("READ_ONLY"));
        assertTrue(GatewaySelector.staticExclusion(gateway("c", ServiceType.INGESTION, true)).isPresent());
        assertTrue(GatewaySelector.staticExclusion(gateway("d", ServiceType.READ_WRITE, false)).orElseThrow().contains("disabled"));
    }
}
