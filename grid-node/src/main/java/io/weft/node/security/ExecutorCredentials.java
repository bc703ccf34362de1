package io.weft.node.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The executor tokens a node accepts: the executor-tokens file (one {@code <name> <classes> sha256:<hex>} line per
 * token, classes comma-separated or {@code *} for any), {@code WEFT_EXECUTOR_TOKEN_<NAME>=<classes>:<token>}
 * variables, and the cluster's generated executor token where none is configured. Only hashes are held, compared
 * in constant time.
 */
public final class ExecutorCredentials
{
    public static final String ENV_PREFIX = "WEFT_EXECUTOR_TOKEN_";

    /** Who an executor token belongs to, and which classes it may serve (null: any). */
    public record Holder(String name, Set<String> classes)
    {
        public boolean mayServe(final String executorClass)
        {
            return classes == null || classes.contains(executorClass);
        }
    }

    private record Entry(Holder holder, byte[] hash)
    {
    }

    private final List<Entry> entries = new ArrayList<>();

    public ExecutorCredentials(final Path file, final Map<String, String> environment)
    {
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length())
            {
                final int colon = value.indexOf(':');
                if (colon <= 0 || colon == value.length() - 1)
                {
                    throw new IllegalArgumentException(name + " must be <classes|*>:<token>");
                }
                add(name.substring(ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT), classes(value.substring(0, colon)),
                    value.substring(colon + 1));
            }
        });
        if (file != null)
        {
            read(file);
        }
    }

    public synchronized boolean isEmpty()
    {
        return entries.isEmpty();
    }

    /** Adds a token known in plain text; {@code classes} null means any class. */
    public synchronized void add(final String name, final Set<String> classes, final String token)
    {
        entries.add(new Entry(new Holder(name, classes), TokenHash.sha256(token)));
    }

    /** The holder of the presented token, or null. */
    public synchronized Holder holderOf(final String presented)
    {
        if (presented == null || presented.isEmpty())
        {
            return null;
        }
        final byte[] hash = TokenHash.sha256(presented);
        Holder match = null;
        for (final Entry entry : entries)
        {
            if (MessageDigest.isEqual(entry.hash(), hash) && match == null)
            {
                match = entry.holder();
            }
        }
        return match;
    }

    private static Set<String> classes(final String text)
    {
        return text.equals("*") ? null : Set.of(text.split(","));
    }

    private void read(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the executor tokens file " + file, ex);
        }
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] fields = line.split("\\s+");
            final byte[] hash = fields.length == 3 ? TokenHash.decode(fields[2]) : null;
            if (hash == null)
            {
                throw new IllegalArgumentException("executor tokens file " + file + " line " + (i + 1)
                    + " is not '<name> <class,class|*> sha256:<64 hex digits>'");
            }
            entries.add(new Entry(new Holder(fields[0], classes(fields[1])), hash));
        }
    }
}
