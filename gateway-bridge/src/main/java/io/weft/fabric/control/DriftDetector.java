package io.weft.fabric.control;

import io.weft.fabric.DriftItem;
import io.weft.fabric.DriftKind;
import io.weft.fabric.DriftReport;
import io.weft.fabric.DriftState;
import io.weft.fabric.DriftSummary;
import io.weft.fabric.GatewayDrift;
import io.weft.fabric.GatewayOutcome;
import io.weft.fabric.Publication;
import io.weft.fabric.template.TemplateList;
import io.weft.fabric.template.TemplateSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares a group's intended state (the template versions published to it) with what each gateway holds. Pure.
 *
 * <p>Per intended version and gateway: nothing of that name is MISSING; other versions only is a
 * VERSION_MISMATCH; that version with another digest is a DIGEST_MISMATCH. When the gateway lacks the version and
 * its publication to this gateway failed, the item is PUBLICATION_FAILED instead, with the recorded failure, since
 * that is the cause to act on. Templates a gateway holds beyond the intended state are not drift.
 */
public final class DriftDetector
{
    /**
     * What one gateway holds.
     *
     * @param templates its template list, or null when it could not be asked
     * @param failure   why it could not be asked, or null
     */
    public record Probe(String gatewayId, TemplateList templates, String failure)
    {
    }

    private DriftDetector()
    {
    }

    public static DriftReport detect(
        final String groupId, final List<Publication> intended, final List<Probe> probes, final Instant now)
    {
        final List<Publication> publications = intended.stream()
            .sorted(Comparator.comparing(Publication::template).thenComparing(Publication::version))
            .toList();
        final List<GatewayDrift> gateways = new ArrayList<>(probes.size());
        int inSync = 0;
        int drifted = 0;
        int unknown = 0;
        final int[] byKind = new int[DriftKind.values().length];
        for (final Probe probe : probes.stream().sorted(Comparator.comparing(Probe::gatewayId)).toList())
        {
            if (probe.templates() == null)
            {
                unknown++;
                gateways.add(new GatewayDrift(probe.gatewayId(), DriftState.UNKNOWN, probe.failure(), List.of()));
                continue;
            }
            final List<DriftItem> items = compare(probe.gatewayId(), publications, probe.templates());
            items.forEach(item -> byKind[item.kind().ordinal()]++);
            if (items.isEmpty())
            {
                inSync++;
                gateways.add(new GatewayDrift(probe.gatewayId(), DriftState.IN_SYNC, null, List.of()));
            }
            else
            {
                drifted++;
                gateways.add(new GatewayDrift(probe.gatewayId(), DriftState.DRIFTED, items.size() + " difference(s)", items));
            }
        }
        final DriftState state = drifted > 0 ? DriftState.DRIFTED : unknown > 0 ? DriftState.UNKNOWN : DriftState.IN_SYNC;
        final DriftSummary summary = new DriftSummary(
            state,
            publications.size(),
            probes.size(),
            inSync,
            drifted,
            unknown,
            byKind[DriftKind.MISSING.ordinal()],
            byKind[DriftKind.VERSION_MISMATCH.ordinal()],
            byKind[DriftKind.DIGEST_MISMATCH.ordinal()],
            byKind[DriftKind.PUBLICATION_FAILED.ordinal()]);
        return new DriftReport(groupId, now, summary, gateways);
    }

    private static List<DriftItem> compare(final String gatewayId, final List<Publication> publications, final TemplateList held)
    {
        final Map<String, List<TemplateSummary>> byName = held.templates().stream()
            .collect(Collectors.groupingBy(TemplateSummary::name));
        final List<DriftItem> items = new ArrayList<>();
        for (final Publication publication : publications)
        {
            final List<TemplateSummary> versions = byName.getOrDefault(publication.template(), List.of());
            final List<String> actualVersions = versions.stream().map(TemplateSummary::version).sorted().toList();
            final Optional<TemplateSummary> same = versions.stream()
                .filter(summary -> summary.version().equals(publication.version()))
                .findFirst();
            if (same.isPresent())
            {
                if (!same.get().digest().equals(publication.digest()))
                {
                    items.add(new DriftItem(
                        DriftKind.DIGEST_MISMATCH, publication.template(), publication.version(), publication.digest(),
                        actualVersions, same.get().digest(),
                        "the gateway holds " + publication.template() + "@" + publication.version() + " with other content"));
                }
                continue;
            }
            final Optional<GatewayOutcome> failed = publication.outcomes().stream()
                .filter(outcome -> outcome.gatewayId().equals(gatewayId) && !outcome.succeeded())
                .findFirst();
            if (failed.isPresent())
            {
                items.add(new DriftItem(
                    DriftKind.PUBLICATION_FAILED, publication.template(), publication.version(), publication.digest(),
                    actualVersions, null, "publishing to this gateway failed: " + failed.get().detail()));
            }
            else if (actualVersions.isEmpty())
            {
                items.add(new DriftItem(
                    DriftKind.MISSING, publication.template(), publication.version(), publication.digest(),
                    actualVersions, null, "the gateway has no version of " + publication.template()));
            }
            else
            {
                items.add(new DriftItem(
                    DriftKind.VERSION_MISMATCH, publication.template(), publication.version(), publication.digest(),
                    actualVersions, null,
                    "the gateway has " + publication.template() + " at " + actualVersions + ", not " + publication.version()));
            }
        }
        return items;
    }
}
