package io.weft.node.report;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Command-line options of {@code weft report}, checked as they are parsed so a typo fails before any file is written. */
final class ReportOptions
{
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String DEFAULT_WINDOW = "since-start";
    /** What the node's latency endpoints accept. */
    private static final Pattern WINDOW = Pattern.compile("since-start|[1-9][0-9]{0,6}[sm]");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    URI url = URI.create(DEFAULT_URL);
    String window = DEFAULT_WINDOW;
    Path out;

    @Option(names = "--token-file", order = 4, paramLabel = "F", description = "a file holding the API token (else $WEFT_TOKEN, else ~/.weft/admin-token if present)")
    Path tokenFile;

    @Option(names = "--ca-file", order = 5, paramLabel = "F", description = "PEM certificates to trust for an https:// node (a private CA or the node's own)")
    Path caFile;

    /** The bearer token to send: the --token-file, else $WEFT_TOKEN, else ~/.weft/admin-token; null when there is none. */
    String token(final java.util.Map<String, String> environment)
    {
        return io.weft.node.security.ApiTokenSource.find(tokenFile, environment);
    }

    @Option(names = "--url", order = 1, paramLabel = "URL", description = "the node's REST address (default " + DEFAULT_URL + ")")
    void setUrl(final String value)
    {
        url = check(() -> url(value));
    }

    @Option(names = "--window", order = 2, paramLabel = "W", description = "since-start (default) or a recent window such as 60s or 15m")
    void setWindow(final String value)
    {
        window = check(() -> window(value));
    }

    @Option(names = "--out", order = 3, paramLabel = "DIR", required = true,
        description = "where to write; created if missing, files of an earlier report are replaced")
    void setOut(final String value)
    {
        out = check(() -> out(value));
    }

    /** A value the checks below refuse is a bad command line, with their message as it stands. */
    private <T> T check(final Supplier<T> parse)
    {
        try
        {
            return parse.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(command.commandLine(), ex.getMessage(), ex);
        }
    }

    private static URI url(final String value)
    {
        final URI uri;
        try
        {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--url '" + value + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null)
        {
            throw new IllegalArgumentException("--url '" + value + "' must be http://host:port or https://host:port");
        }
        return uri;
    }

    private static String window(final String value)
    {
        if (!WINDOW.matcher(value).matches())
        {
            throw new IllegalArgumentException("--window '" + value + "' must be since-start or a number with s or m, "
                + "e.g. 60s or 15m");
        }
        return value;
    }

    private static Path out(final String value)
    {
        if (value.isBlank())
        {
            throw new IllegalArgumentException("--out needs a directory");
        }
        return Path.of(value);
    }
}
