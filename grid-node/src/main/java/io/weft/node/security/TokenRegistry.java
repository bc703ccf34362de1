package io.weft.node.security;

import io.weft.rest.security.Authenticator;
import io.weft.rest.security.Principal;
import io.weft.rest.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who holds which token: the tokens file (one {@code principal role sha256:<hex>} line per token, re-read when it
 * changes), {@code WEFT_TOKEN_<PRINCIPAL>=<role>:<token>} environment variables, and the tokens the cluster keeps
 * for itself (a generated admin token, the nodes' own). Only hashes are held; a presented token is hashed and
 * compared with every entry in constant time, so neither the answer's timing nor a log line gives anything away.
 */
public final class TokenRegistry implements Authenticator
{
    public static final String ENV_PREFIX = "WEFT_TOKEN_";
    private static final Logger LOG = LoggerFactory.getLogger(TokenRegistry.class);

    private record Entry(Principal principal, byte[] hash)
    {
    }

    private final Path tokensFile;
    private final List<Entry> fixed = new ArrayList<>();
    private volatile List<Entry> fromFile = List.of();
    private long fileStamp = Long.MIN_VALUE;

    /** Loads the tokens file (if any) and the environment; a malformed file or variable stops the node here. */
    public TokenRegistry(final Path tokensFile, final Map<String, String> environment)
    {
        this.tokensFile = tokensFile;
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length())
            {
                final int colon = value.indexOf(':');
                final Role role = colon < 0 ? null : Role.byName(value.substring(0, colon));
                if (role == null || colon == value.length() - 1)
                {
                    throw new IllegalArgumentException(name + " must be <role>:<token> with role admin, operator, developer or viewer");
                }
                add(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT), role, value.substring(colon + 1));
            }
        });
        if (tokensFile != null)
        {
            fromFile = read(tokensFile);
            fileStamp = stamp(tokensFile);
        }
    }

    /** Adds a token known in plain text (from the environment or the cluster's own secrets); only its hash is kept. */
    public synchronized void add(final String principal, final Role role, final String token)
    {
        fixed.add(new Entry(new Principal(principal, role), TokenHash.sha256(token)));
    }

    /** Whether any token is configured by a person (file or environment), besides the cluster's own. */
    public boolean hasConfiguredTokens()
    {
        return !fromFile.isEmpty() || !fixed.isEmpty();
    }

    @Override
    public Principal authenticate(final String bearerToken)
    {
        final byte[] presented = TokenHash.sha256(bearerToken);
        Principal match = null;
        for (final Entry entry : fromFile)
        {
            if (MessageDigest.isEqual(entry.hash(), presented) && match == null)
            {
                match = entry.principal();
            }
        }
        synchronized (this)
        {
            for (final Entry entry : fixed)
            {
                if (MessageDigest.isEqual(entry.hash(), presented) && match == null)
                {
                    match = entry.principal();
                }
            }
        }
        return match;
    }

    /**
     * Re-reads the tokens file if it changed since the last read; {@code onReload} hears how many tokens it holds
     * now, or the error that left the previous tokens in force.
     */
    public void reloadIfChanged(final Consumer<String> onReload)
    {
        if (tokensFile == null)
        {
            return;
        }
        final long now = stamp(tokensFile);
        if (now == fileStamp)
        {
            return;
        }
        fileStamp = now;
        try
        {
            fromFile = read(tokensFile);
            LOG.info("tokens file {} re-read: {} token(s)", tokensFile, fromFile.size());
            onReload.accept("reloaded: " + fromFile.size() + " token(s)");
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("tokens file {} not re-read, the previous tokens stay in force: {}", tokensFile, ex.getMessage());
            onReload.accept("refused: " + ex.getMessage());
        }
    }

    private static long stamp(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) * 31 : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    static List<Entry> read(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the tokens file " + file, ex);
        }
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] fields = line.split("\\s+");
            final Role role = fields.length == 3 ? Role.byName(fields[1]) : null;
            final byte[] hash = fields.length == 3 ? TokenHash.decode(fields[2]) : null;
            if (role == null || hash == null)
            {
                // The line is not echoed: a person may have pasted a token into it by mistake.
                throw new IllegalArgumentException("tokens file " + file + " line " + (i + 1)
                    + " is not '<principal> <admin|operator|developer|viewer> sha256:<64 hex digits>' (make lines with 'weft token')");
            }
            entries.add(new Entry(new Principal(fields[0], role), hash));
        }
        return List.copyOf(entries);
    }
}
