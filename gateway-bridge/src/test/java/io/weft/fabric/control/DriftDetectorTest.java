package io.weft.fabric.control;

import io.weft.fabric.Aggregate;
import io.weft.fabric.DriftKind;
import io.weft.fabric.DriftReport;
import io.weft.fabric.DriftState;
import io.weft.fabric.GatewayOutcome;
import io.weft.fabric.Outcome;
import io.weft.fabric.Publication;
import io.weft.fabric.template.TemplateList;
import io.weft.fabric.template.TemplateSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each kind of drift, and that a gateway that cannot be asked is unknown rather than in sync. */
class DriftDetectorTest
{
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Publication published(final String template, final String version, final String digest, final GatewayOutcome... outcomes)
    {
        return new Publication("east", template, version, digest, NOW, Aggregate.of(List.of(outcomes)), List.of(outcomes));
    }

    private static TemplateSummary held(final String template, final String version, final String digest)
    {
        return new TemplateSummary(template, version, digest, NOW);
    }

    @Test
    void reportsEveryKindPerGatewayAndInTheSummary()
    {
        final List<Publication> intended = List.of(
            published("invoice", "2", "d-inv-2"),
            published("receipt", "1", "d-rec-1"),
            published("claim", "1", "d-claim-1",
                new GatewayOutcome("a", Outcome.SUCCEEDED, 201, "published", NOW, 1),
                new GatewayOutcome("b", Outcome.FAILED, 409, "HTTP 409: conflict", NOW, 1)));
        final List<DriftDetector.Probe> probes = List.of(
            new DriftDetector.Probe("a", new TemplateList(List.of(
                held("invoice", "2", "d-inv-2"), held("receipt", "1", "d-rec-1"), held("claim", "1", "d-claim-1"))), null),
            new DriftDetector.Probe("b", new TemplateList(List.of(
                held("invoice", "1", "d-inv-1"), held("receipt", "1", "tampered"))), null),
            new DriftDetector.Probe("c", null, "not asked: the gateway is DOWN (cannot connect)"));

        final DriftReport report = DriftDetector.detect("east", intended, probes, NOW);

        assertEquals(DriftState.DRIFTED, report.summary().state());
        assertEquals(3, report.summary().intendedTemplates());
        assertEquals(1, report.summary().inSync());
        assertEquals(1, report.summary().drifted());
        assertEquals(1, report.summary().unknown());
        assertEquals(1, report.summary().versionMismatches());
        assertEquals(1, report.summary().digestMismatches());
        assertEquals(1, report.summary().publicationFailures());
        assertEquals(0, report.summary().missing());

        assertEquals(DriftState.IN_SYNC, report.gateways().get(0).state());
        final var b = report.gateways().get(1);
        assertEquals(DriftState.DRIFTED, b.state());
        assertEquals(List.of(DriftKind.PUBLICATION_FAILED, DriftKind.VERSION_MISMATCH, DriftKind.DIGEST_MISMATCH),
            b.items().stream().map(i -> i.kind()).toList());
        assertEquals(List.of("1"), b.items().get(1).actualVersions());
        assertEquals(DriftState.UNKNOWN, report.gateways().get(2).state());
    }

    @Test
    void missingWhenTheGatewayHasNoVersionAtAll()
    {
        final DriftReport report = DriftDetector.detect("east", List.of(published("invoice", "1", "d")),
            List.of(new DriftDetector.Probe("a", new TemplateList(List.of()), null)), NOW);

        assertEquals(DriftKind.MISSING, report.gateways().get(0).items().get(0).kind());
        assertEquals(1, report.summary().missing());
    }

    @Test
    void extraTemplatesOnAGatewayAreNotDrift()
    {
        final DriftReport report = DriftDetector.detect("east", List.of(),
            List.of(new DriftDetector.Probe("a", new TemplateList(List.of(held("x", "1", "d"))), null)), NOW);

        assertEquals(DriftState.IN_SYNC, report.summary().state());
    }
}
