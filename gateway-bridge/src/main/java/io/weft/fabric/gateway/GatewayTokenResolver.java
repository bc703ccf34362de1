package io.weft.fabric.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.FabricJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds the bearer token of a gateway. Sources, first match wins:
 * <ol>
 *   <li>the environment variable {@code GATEWAY_TOKEN_<ID>} (id upper-cased, anything not a letter or digit
 *       turned into {@code _});</li>
 *   <li>the gateways file: JSON ({@code {"east-1": "token"}} or {@code {"east-1": {"token": "..."}}}) or Java
 *       properties ({@code east-1=token}); re-read when it changes, so a token can be rotated without a
 *       restart;</li>
 *   <li>tokens the node knows itself (its own, for the embedded {@code local} gateway).</li>
 * </ol>
 * Tokens are never logged; a file that cannot be read is reported by name only.
 */
public final class GatewayTokenResolver
{
    public static final String ENV_PREFIX = "GATEWAY_TOKEN_";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayTokenResolver.class);

    private final Map<String, String> environment;
    private final Path gatewaysFile;
    private final Map<String, String> builtIn;
    private Map<String, String> fileTokens = Map.of();
    private FileTime fileStamp;

    /**
     * @param environment  the process environment (a map, so tests need not set real variables)
     * @param gatewaysFile the gateways file, or null for none
     * @param builtIn      tokens the node knows itself, by gateway id
     */
    public GatewayTokenResolver(final Map<String, String> environment, final Path gatewaysFile, final Map<String, String> builtIn)
    {
        this.environment = Map.copyOf(environment);
        this.gatewaysFile = gatewaysFile;
        this.builtIn = Map.copyOf(builtIn);
    }

    public static String environmentVariable(final String gatewayId)
    {
        final StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (final char c : gatewayId.toUpperCase(Locale.ROOT).toCharArray())
        {
            name.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return name.toString();
    }

    public Optional<String> tokenFor(final String gatewayId)
    {
        final String fromEnvironment = environment.get(environmentVariable(gatewayId));
        if (fromEnvironment != null && !fromEnvironment.isBlank())
        {
            return Optional.of(fromEnvironment.trim());
        }
        final String fromFile = fileTokens().get(gatewayId);
        if (fromFile != null && !fromFile.isBlank())
        {
            return Optional.of(fromFile.trim());
        }
        return Optional.ofNullable(builtIn.get(gatewayId));
    }

    public boolean hasToken(final String gatewayId)
    {
        return tokenFor(gatewayId).isPresent();
    }

    private synchronized Map<String, String> fileTokens()
    {
        if (gatewaysFile == null)
        {
            return Map.of();
        }
        try
        {
            final FileTime stamp = Files.getLastModifiedTime(gatewaysFile);
            if (!stamp.equals(fileStamp))
            {
                fileTokens = read(gatewaysFile);
                fileStamp = stamp;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (fileStamp != null || !fileTokens.isEmpty())
            {
                LOG.warn("gateways file {} cannot be read ({}); its tokens are not used", gatewaysFile, ex.getClass().getSimpleName());
            }
            fileTokens = Map.of();
            fileStamp = null;
        }
        return fileTokens;
    }

    private static Map<String, String> read(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Map<String, String> tokens = new HashMap<>();
        if (text.stripLeading().startsWith("{"))
        {
            final JsonNode root = FabricJson.mapper().readTree(text);
            final Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext())
            {
                final Map.Entry<String, JsonNode> field = fields.next();
                final JsonNode value = field.getValue();
                if (value.isTextual())
                {
                    tokens.put(field.getKey(), value.asText());
                }
                else if (value.path("token").isTextual())
                {
                    tokens.put(field.getKey(), value.path("token").asText());
                }
            }
            return tokens;
        }
        final Properties properties = new Properties();
        try (Reader reader = new java.io.StringReader(text))
        {
            properties.load(reader);
        }
        for (final String id : properties.stringPropertyNames())
        {
            tokens.put(id, properties.getProperty(id));
        }
        return tokens;
    }
}
