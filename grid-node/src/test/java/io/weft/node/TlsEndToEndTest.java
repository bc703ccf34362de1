package io.weft.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.gateway.PemTrust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes serving HTTPS with a certificate made for 127.0.0.1: a client that trusts it gets answers, a plain HTTP
 * client gets none, and the nodes' own HTTPS calls (a forward to the scheduler's owner, the other node's latency,
 * the control plane's gateway health checks) trust it through {@code tls.trust-file}.
 */
class TlsEndToEndTest
{
    @Test
    void nodesServeHttpsAndTheirOwnCallsTrustTheConfiguredCertificate(@TempDir final Path dir) throws Exception
    {
        final Path certificate = dir.resolve("node.crt");
        final Path key = dir.resolve("node.key");
        selfSigned(dir, certificate, key);
        final String cluster = "weft-tls-" + UUID.randomUUID();
        final java.io.PrintStream originalErr = System.err;
        final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(new AccessControlEndToEndTest.TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
        String token = null;
        try (WeftNode a = WeftNode.start(settings(dir, cluster, certificate, key, "a"));
            WeftNode b = WeftNode.start(settings(dir, cluster, certificate, key, "b").with("grid.members", a.gridAddress())))
        {
            final HttpClient trusting = HttpClient.newBuilder().sslContext(PemTrust.of(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
            token = a.adminToken();
            final String bearer = token;
            await().atMost(Duration.ofSeconds(30)).until(() -> a.hazelcast().getCluster().getMembers().size() == 2
                && b.ownership().owner() != null && a.ownership().owner() != null);

            for (final WeftNode node : List.of(a, b))
            {
                final String base = "https://127.0.0.1:" + node.restPort();
                assertEquals(200, get(trusting, base + "/health", null).statusCode());
                // One of the two is not the owner: its answer was forwarded over HTTPS.
                final HttpResponse<String> executors = get(trusting, base + "/api/v1/executors", token);
                assertEquals(200, executors.statusCode(), executors.body());
                final JsonNode latency = JsonHttp.JSON.readTree(get(trusting, base + "/api/v1/latency/journal-write", token).body());
                final List<String> nodes = new ArrayList<>();
                latency.path("nodes").forEach(n -> nodes.add(n.asText()));
                assertEquals(2, nodes.size(), "both nodes answered over HTTPS: " + latency);
            }
            final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> get(plain, "http://127.0.0.1:" + a.restPort() + "/api/v1/executors", bearer),
                "an HTTPS port does not speak plain HTTP");
            final HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> get(untrusting, "https://127.0.0.1:" + a.restPort() + "/health", null),
                "a certificate nobody vouches for is refused by a client that does not trust it");

            final String base = "https://127.0.0.1:" + a.restPort();
            final HttpResponse<String> check = trusting.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/fabric/gateways/local/health-check"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, check.statusCode(), check.body());
            assertEquals("UP", JsonHttp.JSON.readTree(check.body()).path("state").asText(), "the control plane reached its gateway over HTTPS: " + check.body());
            assertTrue(JsonHttp.JSON.readTree(get(trusting, base + "/api/v1/fabric/gateways/local", token).body()).path("url").asText()
                .startsWith("https://"));
        }
        finally
        {
            System.setErr(originalErr);
        }
        final String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("did not speak TLS"), "the plain request was noticed");
        assertTrue(!logged.contains(token) && !logged.contains(java.util.HexFormat.of().formatHex(token.getBytes(StandardCharsets.UTF_8))),
            "a token sent in clear to an HTTPS port is not echoed into the log, not even as hex");
    }

    private static NodeConfig settings(final Path dir, final String cluster, final Path certificate, final Path key, final String name)
    {
        return NodeConfig.defaults()
            .with("node.id", "node-" + name)
            .with("cluster.name", cluster)
            .with("grid.port", "0")
            .with("rest.port", "0")
            .with("executor.endpoint", "127.0.0.1:0")
            .with("aeron.dir", dir.resolve("aeron-" + name).toString())
            .with("security.admin-token-file", dir.resolve("admin-token").toString())
            .with("security.executor-token-file", dir.resolve("executor-token").toString())
            .with("rest.tls.certificate-file", certificate.toString())
            .with("rest.tls.key-file", key.toString())
            .with("tls.trust-file", certificate.toString());
    }

    private static HttpResponse<String> get(final HttpClient http, final String url, final String token) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A certificate for 127.0.0.1 and localhost made with the JDK's keytool, written out as PEM files. */
    static void selfSigned(final Path dir, final Path certificate, final Path key) throws Exception
    {
        final Path store = dir.resolve("node.p12");
        final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        final Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
            "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
            "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        final KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile()))
        {
            keyStore.load(in, "changeit".toCharArray());
        }
        final PrivateKey privateKey = (PrivateKey)keyStore.getKey("node", "changeit".toCharArray());
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
        Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate("node").getEncoded()));
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }
}
