package io.weft.node.deployments;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentReconcilerTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeploymentAsDesiredMatches() throws Exception
    {
        final DeploymentReconciler.Result result = only(desired("ocr", "{\"epoch\":7,\"expectedNodes\":2,\"expectedVersion\":\"1.2\",\"slots\":{\"ocr\":4}}"),
            Map.of("ocr", List.of(node(1, "HEALTHY", 7, "1.2", 2), node(2, "HEALTHY", 7, "1.2", 2))));
        assertEquals(DeploymentReconciler.Verdict.MATCH, result.verdict());
        assertTrue(result.differences().isEmpty());
        assertEquals(2, result.actual().get("healthyNodes"));
    }

    @Test
    void everyKindOfDifferenceIsListed() throws Exception
    {
        final DeploymentReconciler.Result result = only(desired("ocr", "{\"epoch\":7,\"expectedNodes\":3,\"expectedVersion\":\"1.2\",\"slots\":{\"ocr\":6,\"llm\":1}}"),
            Map.of("ocr", List.of(node(1, "HEALTHY", 7, "1.2", 2), node(2, "HEALTHY", 6, "1.1", 2), node(3, "UNHEALTHY", 7, "1.2", 2))));
        assertEquals(DeploymentReconciler.Verdict.DRIFT, result.verdict());
        final Map<String, Map<String, Object>> byKind = new java.util.LinkedHashMap<>();
        result.differences().forEach(d -> byKind.put(d.get("kind") + (d.containsKey("executorClass") ? ":" + d.get("executorClass") : ""), d));
        assertEquals(List.of("missing-nodes", "epoch", "version", "slots:llm", "slots:ocr"), List.copyOf(byKind.keySet()));
        assertEquals(3, byKind.get("missing-nodes").get("expected"));
        assertEquals(2, byKind.get("missing-nodes").get("actual"), "an UNHEALTHY node does not count");
        assertEquals(List.of("2"), byKind.get("epoch").get("instances"));
        assertEquals(List.of("2"), byKind.get("version").get("instances"));
        assertEquals(6, byKind.get("slots:ocr").get("expected"));
        assertEquals(4, byKind.get("slots:ocr").get("actual"));
        assertEquals(0, byKind.get("slots:llm").get("actual"));
    }

    @Test
    void tooManyNodesAndADeprecatedDeploymentStillRunningDrift() throws Exception
    {
        final DeploymentReconciler.Result extra = only(desired("ocr", "{\"epoch\":1,\"expectedNodes\":1}"),
            Map.of("ocr", List.of(node(1, "HEALTHY", 1, "1.2", 2), node(2, "HEALTHY", 1, "1.2", 2))));
        assertEquals("extra-nodes", extra.differences().get(0).get("kind"));
        final DeploymentReconciler.Result deprecated = only(desired("ocr", "{\"phase\":\"DEPRECATED\",\"epoch\":1}"),
            Map.of("ocr", List.of(node(1, "HEALTHY", 1, "1.2", 2))));
        assertEquals(DeploymentReconciler.Verdict.DRIFT, deprecated.verdict());
        assertEquals(0, deprecated.differences().get(0).get("expected"));
        assertEquals(DeploymentReconciler.Verdict.MATCH, only(desired("ocr", "{\"phase\":\"DEPRECATED\",\"epoch\":1}"), Map.of()).verdict(),
            "a deprecated deployment with no node left is as desired");
    }

    @Test
    void runningWithNoDesiredStateIsUnknownAndDesiredWithNothingRunningIsMissing() throws Exception
    {
        final List<DeploymentReconciler.Result> results = DeploymentReconciler.reconcile(
            Map.of("llm", desired("llm", "{\"epoch\":1,\"expectedNodes\":1}")), Map.of("ocr", List.of(node(1, "HEALTHY", 1, "1", 1))));
        assertEquals(DeploymentReconciler.Verdict.DRIFT, results.get(0).verdict());
        assertEquals("missing-nodes", results.get(0).differences().get(0).get("kind"));
        assertEquals(DeploymentReconciler.Verdict.UNKNOWN, results.get(1).verdict());
        assertEquals("ocr", results.get(1).name());
    }

    @Test
    void aDesiredStateThatIsNotValidIsRefusedNamingTheField()
    {
        assertEquals("epoch is required", assertThrows(IllegalArgumentException.class, () -> desired("x", "{\"expectedNodes\":1}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> desired("x", "{\"epoch\":1,\"expectedNodes\":1,\"phase\":\"LIVE\"}"))
            .getMessage().startsWith("phase must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> desired("x", "{\"epoch\":1,\"expectedNodes\":-1}"))
            .getMessage().startsWith("expectedNodes must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> desired("x", "{\"epoch\":1,\"expectedNodes\":1,\"slots\":{\"ocr\":1.5}}"))
            .getMessage().startsWith("slots.ocr"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> desired("x", "{\"epoch\":1,\"expectedNodes\":1,\"colour\":\"red\"}"))
            .getMessage().startsWith("unknown field 'colour'"));
    }

    @Test
    void slotsKeepOneOrderSoThatAnIntentsDigestIsTheSameOnEveryNode() throws Exception
    {
        final DesiredDeployment desired = desired("x", "{\"epoch\":1,\"expectedNodes\":1,\"slots\":{\"ocr\":1,\"asr\":2,\"llm\":3,\"embed\":4}}");
        assertEquals(List.of("asr", "embed", "llm", "ocr"), List.copyOf(desired.slots().keySet()));
        assertEquals(List.of("name", "phase", "epoch", "expectedNodes", "expectedVersion", "slots"),
            List.copyOf(DesiredStateViews.intent(desired).keySet()));
    }

    private static DeploymentReconciler.Result only(final DesiredDeployment desired, final Map<String, List<DeploymentTracker.ActualNode>> actual)
    {
        final List<DeploymentReconciler.Result> results = DeploymentReconciler.reconcile(Map.of(desired.name(), desired), actual);
        assertEquals(1, results.size());
        return results.get(0);
    }

    private static DesiredDeployment desired(final String name, final String json) throws Exception
    {
        return DesiredDeployment.fromJson(name, JSON.readTree(json), 0, 1_000, "admin");
    }

    private static DeploymentTracker.ActualNode node(final long id, final String health, final long epoch, final String version, final int ocrSlots)
    {
        return new DeploymentTracker.ActualNode(id, health, epoch, version, Map.of("ocr", ocrSlots));
    }
}
