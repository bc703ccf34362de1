package io.weft.fabric.control;

import io.weft.fabric.Difference;
import io.weft.fabric.FabricGroup;
import io.weft.fabric.Gateway;
import io.weft.fabric.GatewayHealth;
import io.weft.fabric.GatewayInspection;
import io.weft.fabric.GroupStatus;
import io.weft.fabric.HealthState;
import io.weft.fabric.HealthSummary;
import io.weft.fabric.InspectionResult;
import io.weft.fabric.ValidationReport;
import io.weft.fabric.gateway.GatewayRuntime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides a group's homogeneity status from what its enabled gateways reported. Pure: the network work is done
 * before, and the same probes always give the same report.
 *
 * <p>The status, first rule that applies:
 * <ol>
 *   <li>DEGRADED when fewer gateways passed their health check than the group's minimum;</li>
 *   <li>MISMATCHED when an inspected gateway runs another version than expected (or, with no expected version,
 *       than most of the group) or lacks a required capability;</li>
 *   <li>DEGRADED when some gateway is unavailable (partial availability);</li>
 *   <li>UNKNOWN when some gateway answered but could not be inspected, or the group has no enabled gateway;</li>
 *   <li>HEALTHY otherwise.</li>
 * </ol>
 * A mismatch outranks partial availability because it is a configuration fault that a restart will not cure.
 */
public final class GroupValidator
{
    /**
     * What was learned about one gateway.
     *
     * @param runtime        its runtime answer, or null when it was not asked or did not answer
     * @param failure        why {@code runtime} is null when the gateway was asked, or null
     * @param unavailable    whether that failure means the gateway is not there (rather than refusing us)
     */
    public record Probe(Gateway gateway, GatewayHealth health, GatewayRuntime runtime, String failure, boolean unavailable)
    {
    }

    private GroupValidator()
    {
    }

    public static ValidationReport validate(final FabricGroup group, final List<Probe> probes, final Instant now)
    {
        final List<Probe> sorted = probes.stream()
            .sorted(Comparator.comparing(probe -> probe.gateway().gatewayId()))
            .toList();
        final String referenceVersion = group.expectedVersion() != null ? group.expectedVersion() : majorityVersion(sorted);

        final List<GatewayInspection> inspections = new ArrayList<>(sorted.size());
        int mismatched = 0;
        int unavailable = 0;
        int notInspected = 0;
        for (final Probe probe : sorted)
        {
            final GatewayInspection inspection = inspect(group, referenceVersion, probe);
            inspections.add(inspection);
            switch (inspection.result())
            {
                case MISMATCHED -> mismatched++;
                case UNAVAILABLE -> unavailable++;
                case NOT_INSPECTED -> notInspected++;
                case MATCHES ->
                {
                }
            }
        }
        final HealthSummary health = HealthSummary.of(sorted.stream().map(Probe::health).toList());

        final List<String> reasons = new ArrayList<>();
        final GroupStatus status;
        if (health.healthy() < group.minGateways())
        {
            status = GroupStatus.DEGRADED;
            reasons.add(health.healthy() + " healthy gateway(s), fewer than the group's minimum of " + group.minGateways());
        }
        else if (mismatched > 0)
        {
            status = GroupStatus.MISMATCHED;
            reasons.add(mismatched + " gateway(s) diverge from the group on version or capabilities: " +
                idsOf(inspections, InspectionResult.MISMATCHED));
        }
        else if (unavailable > 0)
        {
            status = GroupStatus.DEGRADED;
            reasons.add(unavailable + " of " + sorted.size() + " gateway(s) unavailable: " + idsOf(inspections, InspectionResult.UNAVAILABLE));
        }
        else if (notInspected > 0)
        {
            status = GroupStatus.UNKNOWN;
            reasons.add(notInspected + " gateway(s) could not be inspected: " + idsOf(inspections, InspectionResult.NOT_INSPECTED));
        }
        else if (sorted.isEmpty())
        {
            status = GroupStatus.UNKNOWN;
            reasons.add("the group has no enabled gateway to inspect");
        }
        else
        {
            status = GroupStatus.HEALTHY;
            reasons.add("all " + sorted.size() + " gateway(s) match the group");
        }
        // Secondary findings stay visible even when a higher rule decided the status.
        if (status != GroupStatus.MISMATCHED && mismatched > 0)
        {
            reasons.add("also mismatched: " + idsOf(inspections, InspectionResult.MISMATCHED));
        }
        if (status == GroupStatus.MISMATCHED && unavailable > 0)
        {
            reasons.add("also unavailable: " + idsOf(inspections, InspectionResult.UNAVAILABLE));
        }
        if (status != GroupStatus.UNKNOWN && notInspected > 0)
        {
            reasons.add("also not inspected: " + idsOf(inspections, InspectionResult.NOT_INSPECTED));
        }
        return new ValidationReport(group.groupId(), status, reasons, now, health, inspections);
    }

    private static GatewayInspection inspect(final FabricGroup group, final String referenceVersion, final Probe probe)
    {
        final String id = probe.gateway().gatewayId();
        final HealthState state = probe.health().state();
        if (state == HealthState.DOWN)
        {
            return new GatewayInspection(id, state, InspectionResult.UNAVAILABLE, null, null, null, probe.health().describe());
        }
        if (state != HealthState.UP)
        {
            return new GatewayInspection(id, state, InspectionResult.NOT_INSPECTED, null, null, null, probe.health().describe());
        }
        if (probe.runtime() == null)
        {
            return new GatewayInspection(
                id, state, probe.unavailable() ? InspectionResult.UNAVAILABLE : InspectionResult.NOT_INSPECTED,
                null, null, null, "runtime could not be read: " + probe.failure());
        }
        final GatewayRuntime runtime = probe.runtime();
        final Set<String> capabilities = runtime.capabilities().all();
        final List<Difference> differences = new ArrayList<>();
        if (referenceVersion != null && !referenceVersion.equals(runtime.version()))
        {
            differences.add(new Difference("version", referenceVersion, runtime.version()));
        }
        for (final String required : group.requiredCapabilities())
        {
            if (!capabilities.contains(required))
            {
                differences.add(new Difference("capability", required, null));
            }
        }
        return new GatewayInspection(
            id,
            state,
            differences.isEmpty() ? InspectionResult.MATCHES : InspectionResult.MISMATCHED,
            runtime.version(),
            List.copyOf(capabilities),
            differences,
            null);
    }

    /** With no expected version, gateways should at least agree: the most common version (ties: the lowest). */
    private static String majorityVersion(final List<Probe> probes)
    {
        final Map<String, Long> counts = probes.stream()
            .filter(probe -> probe.runtime() != null && probe.runtime().version() != null)
            .collect(Collectors.groupingBy(probe -> probe.runtime().version(), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
            .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
            .map(Map.Entry::getKey)
            .orElse(null);
    }

    private static List<String> idsOf(final List<GatewayInspection> inspections, final InspectionResult result)
    {
        return inspections.stream().filter(i -> i.result() == result).map(GatewayInspection::gatewayId).toList();
    }
}
