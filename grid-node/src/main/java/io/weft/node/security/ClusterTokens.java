package io.weft.node.security;

import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The tokens a cluster makes for itself, kept in the grid's secrets map so that every node of one cluster holds the
 * same ones: the nodes' own token (for the calls nodes make to each other) and, where no person configured any
 * token, an admin token for the run that the node writes to a file only its user can read.
 */
public final class ClusterTokens
{
    public static final String SECRETS_MAP = "weft.cluster-secrets";
    static final String NODE_TOKEN_KEY = "node-token";
    static final String ADMIN_TOKEN_KEY = "admin-token";
    static final String EXECUTOR_TOKEN_KEY = "executor-token";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTokens.class);

    private ClusterTokens()
    {
    }

    public static String nodeToken(final HazelcastInstance hazelcast)
    {
        return shared(hazelcast, NODE_TOKEN_KEY);
    }

    public static String adminToken(final HazelcastInstance hazelcast)
    {
        return shared(hazelcast, ADMIN_TOKEN_KEY);
    }

    public static String executorToken(final HazelcastInstance hazelcast)
    {
        return shared(hazelcast, EXECUTOR_TOKEN_KEY);
    }

    private static String shared(final HazelcastInstance hazelcast, final String key)
    {
        final String generated = TokenHash.newToken();
        final String existing = hazelcast.<String, String>getMap(SECRETS_MAP).putIfAbsent(key, generated);
        return existing == null ? generated : existing;
    }

    /** Writes the token to {@code file}, readable and writable by this user alone (where the file system knows POSIX modes). */
    public static void writeOwnerOnly(final Path file, final String token, final String kind)
    {
        try
        {
            if (file.getParent() != null)
            {
                Files.createDirectories(file.getParent());
            }
            final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
            {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the " + kind + " token to " + file, ex);
        }
        LOG.info("no {} token is configured: this cluster's {} token is in {} (readable by this user only)", kind, kind, file);
    }
}
