package io.weft.fabric;

import java.util.List;

/**
 * One gateway in a validation report: its health, what its runtime reported, and how it differs from the group.
 *
 * @param version      the reported Weft version, null when not inspected
 * @param capabilities executor classes and features the gateway reported, sorted; empty when not inspected
 * @param detail       why it was not inspected, or null
 */
public record GatewayInspection(
    String gatewayId,
    HealthState health,
    InspectionResult result,
    String version,
    List<String> capabilities,
    List<Difference> differences,
    String detail)
{
    public GatewayInspection
    {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        differences = differences == null ? List.of() : List.copyOf(differences);
    }
}
