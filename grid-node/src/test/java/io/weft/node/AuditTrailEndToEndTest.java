package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.node.security.TokenHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real nodes in one grid: every kind of change made through node A, and every refused token, is in the audit
 * trail, with who, what, which target, from where and the outcome; and it is all still there, read through node B,
 * after node A's grid member was killed without a goodbye.
 */
class AuditTrailEndToEndTest
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyChangeAndEveryRefusalIsAuditedAndOutlivesTheNodeThatWroteIt(@TempDir final Path dir) throws Exception
    {
        final String admin = TokenHash.newToken();
        final String viewer = TokenHash.newToken();
        final Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "alice admin " + TokenHash.encoded(admin) + "\nvic viewer " + TokenHash.encoded(viewer) + "\n");
        final String cluster = "weft-audit-" + UUID.randomUUID();
        try (WeftNode a = WeftNode.start(settings(dir, cluster, tokens, "a"));
            WeftNode b = WeftNode.start(settings(dir, cluster, tokens, "b").with("grid.members", a.gridAddress())))
        {
            final String baseA = "http://127.0.0.1:" + a.restPort();
            final String baseB = "http://127.0.0.1:" + b.restPort();
            // Until the partitions have moved and have backups, a write has no second copy to outlive its node.
            await().atMost(Duration.ofSeconds(30)).until(() -> a.hazelcast().getCluster().getMembers().size() == 2
                && a.hazelcast().getPartitionService().isClusterSafe());

            final HttpResponse<String> submitted = send("POST", baseA + "/api/v1/dags", admin,
                "{\"name\":\"audited\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"nobody-serves-this\"}]}");
            assertEquals(202, submitted.statusCode(), submitted.body());
            final String dagId = LiveNodeHarness.JSON.readTree(submitted.body()).get("dagId").asText();
            final List<String> expected = new ArrayList<>(List.of("POST /api/v1/dags"));
            for (final String change : List.of("/api/v1/dags/" + dagId + "/pause", "/api/v1/dags/" + dagId + "/resume",
                "/api/v1/scheduler/pause", "/api/v1/scheduler/resume", "/api/v1/scheduler/classes/ocr/pause",
                "/api/v1/scheduler/classes/ocr/resume", "/api/v1/dags/" + dagId + "/cancel"))
            {
                assertEquals(202, send("POST", baseA + change, admin, null).statusCode(), change);
            }
            expected.addAll(List.of("POST /api/v1/dags/{id}/pause", "POST /api/v1/dags/{id}/resume", "POST /api/v1/scheduler/pause",
                "POST /api/v1/scheduler/resume", "POST /api/v1/scheduler/classes/{executorClass}/pause",
                "POST /api/v1/scheduler/classes/{executorClass}/resume", "POST /api/v1/dags/{id}/cancel"));
            assertEquals(201, send("POST", baseA + "/api/v1/fabric/groups", admin,
                "{\"groupId\":\"audit-test\",\"environment\":\"development\"}").statusCode());
            assertEquals(200, send("DELETE", baseA + "/api/v1/fabric/groups/audit-test", admin, null).statusCode());
            expected.addAll(List.of("POST /api/v1/fabric/groups", "DELETE /api/v1/fabric/groups/{groupId}"));
            assertEquals(401, send("GET", baseA + "/api/v1/executors", "weft_wrong", null).statusCode());
            assertEquals(403, send("POST", baseA + "/api/v1/scheduler/pause", viewer, null).statusCode());
            Files.writeString(tokens, "# a new line\n", StandardOpenOption.APPEND);
            expected.add("tokens.reload");

            await().atMost(Duration.ofSeconds(20)).until(() -> actions(baseB, admin).containsAll(expected));
            final JsonNode all = audit(baseB, admin, "");
            final JsonNode submit = find(all, "POST /api/v1/dags", null);
            assertEquals("alice", submit.get("principal").asText());
            assertEquals("admin", submit.get("role").asText());
            assertEquals("202", submit.get("outcome").asText());
            assertEquals("127.0.0.1", submit.get("remoteAddress").asText());
            assertEquals("/api/v1/dags", submit.get("target").asText());
            assertEquals("unauthenticated", find(all, "GET /api/v1/executors", null).get("outcome").asText());
            final JsonNode refused = find(all, "POST /api/v1/scheduler/pause", "forbidden");
            assertEquals("vic", refused.get("principal").asText());
            assertEquals("alice", LiveNodeHarness.JSON.readTree(send("GET", baseB + "/api/v1/dags/" + dagId, admin, null).body())
                .get("submittedBy").asText(), "the DAG records who submitted it");

            // Filters: by principal, by action prefix, by time.
            assertTrue(audit(baseB, admin, "?principal=vic").get("entries").size() >= 1);
            for (final JsonNode entry : audit(baseB, admin, "?principal=vic").get("entries"))
            {
                assertEquals("vic", entry.get("principal").asText());
            }
            assertEquals(1, audit(baseB, admin, "?action=POST%20/api/v1/dags/%7Bid%7D/cancel").get("total").asInt());
            assertEquals(0, audit(baseB, admin, "?to=2000-01-01T00:00:00Z").get("total").asInt());
            assertEquals(400, send("GET", baseB + "/api/v1/audit?from=yesterday", admin, null).statusCode());

            final int before = all.get("total").asInt();
            await().atMost(Duration.ofSeconds(30)).until(() -> a.hazelcast().getPartitionService().isClusterSafe());
            a.hazelcast().getLifecycleService().terminate(); // no migration, no goodbye: only the backups remain
            await().atMost(Duration.ofSeconds(30)).until(() -> b.hazelcast().getCluster().getMembers().size() == 1);
            // Node b promotes its backups of node a's partitions just after it sees a go; a read meanwhile may miss them.
            await().atMost(Duration.ofSeconds(20)).until(() -> audit(baseB, admin, "?limit=1000").get("total").asInt() >= before);
            final JsonNode after = audit(baseB, admin, "?limit=1000");
            assertTrue(actions(baseB, admin).containsAll(expected));
            assertFalse(after.toString().contains(admin) || after.toString().contains(viewer), "no token in the audit trail");
        }
    }

    private static NodeConfig settings(final Path dir, final String cluster, final Path tokens, final String name)
    {
        return NodeConfig.defaults()
            .with("node.id", "node-" + name)
            .with("cluster.name", cluster)
            .with("grid.port", "0")
            .with("rest.port", "0")
            .with("executor.endpoint", "127.0.0.1:0")
            .with("aeron.dir", dir.resolve("aeron-" + name).toString())
            .with("security.tokens-file", tokens.toString())
            .with("fabric.local-gateway", "false");
    }

    private List<String> actions(final String base, final String token) throws Exception
    {
        final List<String> actions = new ArrayList<>();
        audit(base, token, "?limit=1000").get("entries").forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }

    private JsonNode audit(final String base, final String token, final String query) throws Exception
    {
        final HttpResponse<String> response = send("GET", base + "/api/v1/audit" + query, token, null);
        assertEquals(200, response.statusCode(), response.body());
        return LiveNodeHarness.JSON.readTree(response.body());
    }

    private static JsonNode find(final JsonNode page, final String action, final String outcome)
    {
        for (final JsonNode entry : page.get("entries"))
        {
            if (entry.get("action").asText().equals(action) && (outcome == null || entry.get("outcome").asText().equals(outcome)))
            {
                return entry;
            }
        }
        throw new AssertionError("no " + action + " " + outcome + " in " + page);
    }

    private HttpResponse<String> send(final String method, final String url, final String token, final String body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null)
        {
            request.header("Content-Type", "application/json");
        }
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
