package io.weft.fabric.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Where gateway tokens come from, and in what order. */
class GatewayTokenResolverTest
{
    @TempDir
    Path tmp;

    @Test
    void environmentVariableNamesAreUpperCaseWithUnderscores()
    {
        assertEquals("GATEWAY_TOKEN_PRIMARY_US_EAST_1", GatewayTokenResolver.environmentVariable("primary-us-east-1"));
        assertEquals("GATEWAY_TOKEN_A_B", GatewayTokenResolver.environmentVariable("a.b"));
    }

    @Test
    void environmentWinsOverTheFileWhichWinsOverBuiltInTokens() throws Exception
    {
        final Path file = tmp.resolve("gateways.json");
        Files.writeString(file, "{\"east\": \"from-file\", \"west\": {\"token\": \"west-file\"}, \"local\": \"file-local\"}");
        final GatewayTokenResolver tokens = new GatewayTokenResolver(
            Map.of("GATEWAY_TOKEN_EAST", "from-env"), file, Map.of("local", "built-in", "solo", "solo-token"));

        assertEquals(Optional.of("from-env"), tokens.tokenFor("east"));
        assertEquals(Optional.of("west-file"), tokens.tokenFor("west"));
        assertEquals(Optional.of("file-local"), tokens.tokenFor("local"));
        assertEquals(Optional.of("solo-token"), tokens.tokenFor("solo"));
        assertFalse(tokens.hasToken("north"));
    }

    @Test
    void readsPropertiesFilesAndNoticesChanges() throws Exception
    {
        final Path file = tmp.resolve("gateways.properties");
        Files.writeString(file, "east=one\n");
        final GatewayTokenResolver tokens = new GatewayTokenResolver(Map.of(), file, Map.of());
        assertEquals(Optional.of("one"), tokens.tokenFor("east"));

        Files.writeString(file, "east=two\n");
        // File systems with coarse timestamps would otherwise hide a rewrite within the same tick.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertEquals(Optional.of("two"), tokens.tokenFor("east"));
    }

    @Test
    void aMissingFileMeansNoFileTokens()
    {
        final GatewayTokenResolver tokens = new GatewayTokenResolver(Map.of(), tmp.resolve("absent.json"), Map.of());
        assertFalse(tokens.hasToken("east"));
    }
}
