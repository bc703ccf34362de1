package io.weft.node.report;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Command-line options of {@code weft report}. */
final class ReportOptions
{
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String DEFAULT_WINDOW = "since-start";
    /** What the node's latency endpoints accept; checked here so a typo fails before any file is written. */
    private static final Pattern WINDOW = Pattern.compile("since-start|[1-9][0-9]{0,6}[sm]");

    URI url = URI.create(DEFAULT_URL);
    String window = DEFAULT_WINDOW;
    Path out;
    Path tokenFile;
    Path caFile;
    boolean help;

    static String usage()
    {
        return String.join("\n",
            "usage: weft report [--url URL] [--window W] --out DIR",
            "",
            "Asks a running node for its latency histograms and capacity figures and writes what a capacity planner",
            "reads: DIR/summary.md (per class: latency table, slots, utilisation, throughput, headroom, alerts),",
            "DIR/plots/*.png (percentile and utilisation plots), DIR/hgrm/*.hgrm (HdrHistogram percentile",
            "distributions, in ms) and DIR/capacity.json.",
            "",
            "  --url URL     the node's REST address (default " + DEFAULT_URL + ")",
            "  --window W    since-start (default) or a recent window such as 60s or 15m",
            "  --out DIR     where to write; created if missing, files of an earlier report are replaced",
            "  --token-file F  a file holding the API token (else $WEFT_TOKEN, else ~/.weft/admin-token if present)",
            "  --ca-file F     PEM certificates to trust for an https:// node (a private CA or the node's own)",
            "  --help",
            "",
            "Exits 0 when the report was written (problems with single endpoints are listed in it), 1 when the node",
            "cannot be reached or DIR cannot be written, 2 on a bad argument.");
    }

    /** The bearer token to send: the --token-file, else $WEFT_TOKEN, else ~/.weft/admin-token; null when there is none. */
    String token(final java.util.Map<String, String> environment)
    {
        return io.weft.node.security.ApiTokenSource.find(tokenFile, environment);
    }

    static ReportOptions parse(final String[] args)
    {
        final ReportOptions o = new ReportOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h"))
            {
                o.help = true;
                continue;
            }
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            final int eq = arg.indexOf('=');
            final String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            final String value;
            if (eq >= 0)
            {
                value = arg.substring(eq + 1);
            }
            else if (i + 1 < args.length)
            {
                value = args[++i];
            }
            else
            {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
            switch (key)
            {
                case "url" -> o.url = url(value);
                case "window" -> o.window = window(value);
                case "out" -> o.out = out(value);
                case "token-file" -> o.tokenFile = Path.of(value);
                case "ca-file" -> o.caFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '--" + key + "'");
            }
        }
        if (!o.help && o.out == null)
        {
            throw new IllegalArgumentException("--out DIR is required");
        }
        return o;
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
