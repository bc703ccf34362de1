package io.weft.node.hybrid;

import com.hazelcast.map.IMap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Listener credentials on the control plane: one token per gateway, kept only as its SHA-256 in the grid
 * ({@code weft.hybrid.listener-tokens}), shown once when issued; issuing again replaces it.
 */
public final class ListenerCredentialStore
{
    private final IMap<String, String> hashes;
    private final SecureRandom random = new SecureRandom();

    public ListenerCredentialStore(final IMap<String, String> hashes)
    {
        this.hashes = hashes;
    }

    public String issue(final String gatewayId)
    {
        final byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        final String token = "wl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        hashes.put(gatewayId, hash(token));
        return token;
    }

    /** The gateway this token was issued for, or null. Compares every hash in constant time. */
    public String gatewayOf(final String token)
    {
        final byte[] presented = hash(token).getBytes(StandardCharsets.US_ASCII);
        String found = null;
        for (final Map.Entry<String, String> entry : hashes.entrySet())
        {
            if (MessageDigest.isEqual(presented, entry.getValue().getBytes(StandardCharsets.US_ASCII)))
            {
                found = entry.getKey();
            }
        }
        return found;
    }

    private static String hash(final String token)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }
}
