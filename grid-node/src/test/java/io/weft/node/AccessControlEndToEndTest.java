package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.node.security.TokenHash;
import io.weft.rest.RestServer;
import io.weft.rest.security.Permission;
import io.weft.rest.security.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every cell of the role matrix over real HTTP against a real node: each route, with no token, a wrong token, and
 * the token of each role. A role without the route's permission gets 403, no or a wrong token 401 with a
 * challenge, and a role with it anything but those two. The node's log, captured for the whole class, never holds
 * a token.
 */
class AccessControlEndToEndTest
{
    @TempDir
    static Path dir;

    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
    private static final String OTHER_DEVELOPER = TokenHash.newToken();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static LiveNodeHarness harness;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startNode() throws Exception
    {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, LOG), true, StandardCharsets.UTF_8));
        final StringBuilder file = new StringBuilder("# test principals\n");
        for (final Role role : Role.values())
        {
            final String token = TokenHash.newToken();
            TOKENS.put(role, token);
            file.append(role.roleName()).append("-user ").append(role.roleName()).append(' ').append(TokenHash.encoded(token)).append('\n');
        }
        file.append("other-developer developer ").append(TokenHash.encoded(OTHER_DEVELOPER)).append('\n');
        final Path tokensFile = dir.resolve("tokens");
        Files.writeString(tokensFile, file);
        harness = new LiveNodeHarness(dir, 10_000, 30_000, Map.of("security.tokens-file", tokensFile.toString()));
        base = "http://127.0.0.1:" + harness.node().restPort();
    }

    @AfterAll
    static void stopNode()
    {
        if (harness != null)
        {
            harness.close();
        }
        System.setErr(originalErr);
    }

    @Test
    void everyRoleGetsExactlyTheRoutesItsPermissionsAllow() throws Exception
    {
        final Map<String, Permission> table = new TreeMap<>(RestServer.routePermissions());
        final List<String> failures = new ArrayList<>();
        int cells = 0;
        for (final Map.Entry<String, Permission> route : table.entrySet())
        {
            final String method = route.getKey().substring(0, route.getKey().indexOf(' '));
            final String path = concrete(route.getKey().substring(route.getKey().indexOf(' ') + 1));
            final Permission permission = route.getValue();

            final HttpResponse<String> anonymous = send(method, path, null);
            cells++;
            if (permission == Permission.OPEN ? anonymous.statusCode() == 401 : anonymous.statusCode() != 401
                || anonymous.headers().firstValue("WWW-Authenticate").isEmpty())
            {
                failures.add(route.getKey() + " without a token answered " + anonymous.statusCode());
            }
            final HttpResponse<String> forged = send(method, path, "weft_not-a-token");
            cells++;
            if (permission != Permission.OPEN && (forged.statusCode() != 401
                || !forged.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token")))
            {
                failures.add(route.getKey() + " with a wrong token answered " + forged.statusCode());
            }
            for (final Role role : Role.values())
            {
                final HttpResponse<String> answer = send(method, path, TOKENS.get(role));
                cells++;
                final boolean allowed = role.may(permission);
                final int status = answer.statusCode();
                if (allowed ? status == 401 || status == 403 : status != 403)
                {
                    failures.add(route.getKey() + " as " + role.roleName() + " answered " + status + " (" + (allowed ? "allowed" : "forbidden") + ")");
                }
                if (!allowed)
                {
                    final JsonNode problem = LiveNodeHarness.JSON.readTree(answer.body());
                    if (!problem.path("type").asText().endsWith("/forbidden") || !problem.path("detail").asText().contains(role.roleName()))
                    {
                        failures.add(route.getKey() + " as " + role.roleName() + ": a 403 without a forbidden problem: " + answer.body());
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(cells > 250, "every cell was tried: " + cells);
    }

    @Test
    void aRefusalNamesTheProblemAndNoTokenEverReachesTheLog() throws Exception
    {
        final HttpResponse<String> missing = send("GET", "/api/v1/executors", null);
        assertEquals(401, missing.statusCode());
        assertEquals("Bearer realm=\"weft\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(missing.body().contains("Authorization: Bearer"), missing.body());

        final HttpResponse<String> viewer = send("POST", "/api/v1/scheduler/pause", TOKENS.get(Role.VIEWER));
        assertEquals(403, viewer.statusCode());
        assertTrue(viewer.body().contains("role viewer of 'viewer-user' may not pause or resume the scheduler"), viewer.body());
        assertEquals(200, send("GET", "/health", null).statusCode(), "liveness needs no token");

        final String log = LOG.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("REST server listening"), "the node's log was captured");
        for (final String token : TOKENS.values())
        {
            assertFalse(log.contains(token), "a token reached the log");
            assertFalse(viewer.body().contains(token) || missing.body().contains(token));
        }
    }

    @Test
    void aDeveloperSeesListsAndCancelsOnlyItsOwnDags() throws Exception
    {
        final String dag = "{\"name\":\"mine\",\"jobs\":[{\"id\":\"a\",\"executorClass\":\"nobody-serves-this\"}]}";
        final HttpResponse<String> submitted = send("POST", "/api/v1/dags", TOKENS.get(Role.DEVELOPER), dag);
        assertEquals(202, submitted.statusCode(), submitted.body());
        final String dagId = LiveNodeHarness.JSON.readTree(submitted.body()).get("dagId").asText();

        final HttpResponse<String> own = send("GET", "/api/v1/dags/" + dagId, TOKENS.get(Role.DEVELOPER));
        assertEquals(200, own.statusCode());
        assertEquals("developer-user", LiveNodeHarness.JSON.readTree(own.body()).get("submittedBy").asText());
        assertEquals(200, send("GET", "/api/v1/dags/" + dagId, TOKENS.get(Role.VIEWER)).statusCode(), "a viewer reads every DAG");
        assertEquals(404, send("GET", "/api/v1/dags/" + dagId, OTHER_DEVELOPER).statusCode(), "another's DAG does not exist for a developer");
        assertEquals(404, send("POST", "/api/v1/dags/" + dagId + "/cancel", OTHER_DEVELOPER).statusCode());
        assertEquals(404, send("POST", "/api/v1/dags/" + dagId + "/jobs/a/cancel", OTHER_DEVELOPER).statusCode());

        final JsonNode othersJobs = LiveNodeHarness.JSON.readTree(send("GET", "/api/v1/jobs", OTHER_DEVELOPER).body());
        for (final JsonNode job : othersJobs.get("jobs"))
        {
            assertFalse(job.toString().contains("\"" + dagId + "\""), "another developer lists none of this DAG's jobs: " + othersJobs);
        }
        final JsonNode ownJobs = LiveNodeHarness.JSON.readTree(send("GET", "/api/v1/jobs", TOKENS.get(Role.DEVELOPER)).body());
        assertTrue(ownJobs.toString().contains(dagId), ownJobs.toString());

        assertEquals(202, send("POST", "/api/v1/dags/" + dagId + "/cancel", TOKENS.get(Role.DEVELOPER)).statusCode());
    }

    private static String concrete(final String template)
    {
        return template.replace("{id}", "1").replace("{jobId}", "j").replace("{executorClass}", "ocr")
            .replace("{groupId}", "default-development").replace("{gatewayId}", "local").replace("{executionId}", "1")
            .replace("{signal}", "slot-wait").replace("{templateId}", "t").replace("{name}", "sample").replace("{instanceId}", "1");
    }

    private static HttpResponse<String> send(final String method, final String path, final String token) throws Exception
    {
        return send(method, path, token, "{}");
    }

    private static HttpResponse<String> send(final String method, final String path, final String token, final String body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .method(method, method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes to the real stderr and keeps a copy. */
    static final class TeeStream extends OutputStream
    {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(final OutputStream first, final OutputStream second)
        {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(final int b) throws java.io.IOException
        {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len) throws java.io.IOException
        {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
