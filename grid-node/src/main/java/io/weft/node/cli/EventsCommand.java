package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code weft events}: the cluster's recent events as a table, or with {@code --follow} the recent ones and then
 * each new one as it happens, one line (or one JSON object) each, until Ctrl-C.
 */
@Command(name = "events", description = {"what happened in the cluster: DAGs, jobs, executors, deployments, capacity, fabric.",
    "Without --follow, the newest matching events (oldest first); with it, the last few and then each new one as it comes, "
        + "reconnecting by itself, until Ctrl-C. --json prints the API's page, or with --follow one JSON object per line."})
final class EventsCommand extends ApiCommand
{
    static final int PAGE_LIMIT = 50;
    static final int FOLLOW_LIMIT = 10;

    @Option(names = "--type", description = "event types, comma-separated; a trailing * matches a prefix (e.g. 'dag.*,executor.lost')")
    String type;

    @Option(names = "--severity", paramLabel = "LEVEL", description = "this severity and above: INFO, WARNING or ERROR")
    String severity;

    @Option(names = "--dag", paramLabel = "ID", description = "one DAG's events")
    String dagId;

    @Option(names = "--deployment", paramLabel = "NAME", description = "one executor deployment's events")
    String deployment;

    @Option(names = "--since", paramLabel = "TIME", description = "events at or after TIME (ISO-8601 instant or epoch ms)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "events at or before TIME (ISO-8601 instant or epoch ms)")
    String until;

    @Option(names = "--limit", paramLabel = "N",
        description = "how many of the newest events to show, 1 to 1000 (default " + PAGE_LIMIT + ", with --follow " + FOLLOW_LIMIT + ")")
    Integer limit;

    @Option(names = {"-f", "--follow"}, description = "then print each new event as it comes, until Ctrl-C")
    boolean follow;

    @Option(names = "--give-up-after", paramLabel = "SECONDS", defaultValue = "30",
        description = "with --follow: how long to keep reconnecting while no node answers (default ${DEFAULT-VALUE})")
    int giveUpAfterSeconds;

    /** A connection with nothing on it this long is taken for dropped: the node sends a heartbeat every 15 s by default. */
    static final Duration SILENCE = Duration.ofSeconds(45);

    @Override
    int run(final ApiClient api) throws Exception
    {
        final int shown = limit == null ? (follow ? FOLLOW_LIMIT : PAGE_LIMIT) : limit;
        if (shown < 1 || shown > 1000)
        {
            throw new ParameterException(spec.commandLine(), "--limit must be from 1 to 1000, not " + shown);
        }
        // Checked here, so that a misspelt level is a bad command line (exit 2) rather than the node's refusal (exit 1).
        if (severity != null && !List.of("INFO", "WARNING", "ERROR").contains(severity.toUpperCase(Locale.ROOT)))
        {
            throw new ParameterException(spec.commandLine(), "--severity must be INFO, WARNING or ERROR, not '" + severity + "'");
        }
        if (giveUpAfterSeconds < 1)
        {
            throw new ParameterException(spec.commandLine(), "--give-up-after must be at least 1 second, not " + giveUpAfterSeconds);
        }
        final String filters = filters();
        final ApiClient.Answer page = api.get("/api/v1/events?limit=" + shown + filters);
        if (!follow)
        {
            return show(page, (body, out) -> {
                final TablePrinter table = new TablePrinter(EventFormat.HEADER);
                for (final JsonNode event : body.path("events"))
                {
                    table.row(EventFormat.cells(event));
                }
                table.print(out);
            });
        }
        if (!page.ok())
        {
            return show(page, null);
        }
        final JsonNode body = JSON.readTree(page.body());
        final PrintWriter out = out();
        if (!connection.json)
        {
            out.println(EventFormat.line(EventFormat.HEADER));
        }
        for (final JsonNode event : body.path("events"))
        {
            print(event);
        }
        // Resuming after the newest id the node held when it answered, not the last match shown, skips nothing: the
        // events between them did not match.
        final EventFollower follower = new EventFollower(api, "/api/v1/events" + filters.replaceFirst("^&", "?"),
            body.path("next").asText(null), Duration.ofSeconds(giveUpAfterSeconds), SILENCE, new EventFollower.Sink()
            {
                @Override
                public void event(final JsonNode event)
                {
                    print(event);
                }

                @Override
                public void warning(final String text)
                {
                    err().println("weft: warning: " + text);
                    err().flush();
                }
            });
        final ApiClient.Answer refused;
        try (CtrlC ignored = CtrlC.interrupts(Thread.currentThread()))
        {
            refused = follower.follow();
        }
        out.flush();
        return refused == null ? 0 : show(refused, null);
    }

    private void print(final JsonNode event)
    {
        out().println(connection.json ? event.toString() : EventFormat.line(event));
        out().flush();
    }

    private String filters()
    {
        final StringBuilder query = new StringBuilder();
        append(query, "type", type);
        append(query, "severity", severity == null ? null : severity.toUpperCase(Locale.ROOT));
        append(query, "dagId", dagId);
        append(query, "deployment", deployment);
        append(query, "since", since);
        append(query, "until", until);
        return query.toString();
    }

    private static void append(final StringBuilder query, final String name, final String value)
    {
        if (value != null)
        {
            query.append('&').append(name).append('=').append(ApiClient.segment(value));
        }
    }
}
