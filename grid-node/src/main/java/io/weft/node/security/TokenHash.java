package io.weft.node.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 of tokens, as the tokens file stores them, and fresh random tokens. */
public final class TokenHash
{
    public static final String PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash()
    {
    }

    public static byte[] sha256(final String token)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java has SHA-256", ex);
        }
    }

    /** The form a tokens file holds: {@code sha256:} and 64 hex digits. */
    public static String encoded(final String token)
    {
        return PREFIX + HexFormat.of().formatHex(sha256(token));
    }

    /** The hash a tokens file line gives, or null if it is not {@code sha256:} and 64 hex digits. */
    public static byte[] decode(final String encoded)
    {
        if (!encoded.startsWith(PREFIX) || encoded.length() != PREFIX.length() + 64)
        {
            return null;
        }
        try
        {
            return HexFormat.of().parseHex(encoded.substring(PREFIX.length()));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    /** 32 random bytes, URL-safe base64: 256 bits nobody guesses. */
    public static String newToken()
    {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "weft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
