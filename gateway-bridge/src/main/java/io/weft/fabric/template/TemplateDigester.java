package io.weft.fabric.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.FabricJson;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content digest of a template: SHA-256 of the canonical JSON of its whole definition (name, version,
 * description, parameters and DAG). The control plane and every gateway compute it the same way, so drift is a
 * comparison of digests rather than of documents.
 */
public final class TemplateDigester
{
    private TemplateDigester()
    {
    }

    public static String digest(final TemplateDefinition definition)
    {
        return "sha256:" + HexFormat.of().formatHex(sha256(canonicalBytes(definition)));
    }

    /** The bytes a control plane sends when it publishes: what the gateway parses is exactly what was digested. */
    public static byte[] canonicalBytes(final TemplateDefinition definition)
    {
        final JsonNode tree = FabricJson.mapper().valueToTree(definition);
        return CanonicalJson.bytes(tree);
    }

    private static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }
}
