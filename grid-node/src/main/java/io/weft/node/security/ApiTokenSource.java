package io.weft.node.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the command-line tools find the API token to send: a token file given on the command line, else
 * {@code $WEFT_TOKEN}, else the generated admin token in {@code ~/.weft/admin-token}; null when there is none.
 */
public final class ApiTokenSource
{
    private ApiTokenSource()
    {
    }

    public static String find(final Path tokenFile, final Map<String, String> environment)
    {
        final String fromEnvironment = environment.get("WEFT_TOKEN");
        if (tokenFile == null && fromEnvironment != null && !fromEnvironment.isBlank())
        {
            return fromEnvironment.strip();
        }
        final Path file = tokenFile != null ? tokenFile : Path.of(System.getProperty("user.home"), ".weft", "admin-token");
        try
        {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + ex.getMessage());
        }
    }
}
