package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code weft dags submit FILE | status ID | cancel ID | pause ID | resume ID}. */
@Command(name = "dags", description = "submit, follow, cancel, pause and resume DAGs",
    subcommands = {DagsCommand.Submit.class, DagsCommand.Status.class, DagsCommand.Cancel.class, DagsCommand.Pause.class,
        DagsCommand.Resume.class})
final class DagsCommand
{
    @Command(name = "submit", description = "submit the DAG in FILE (JSON, as POST /api/v1/dags takes it)")
    static final class Submit extends ApiCommand
    {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.post("/api/v1/dags", Files.readString(file)),
                (body, out) -> out.println("accepted DAG " + body.path("dagId").asText() + " (" + body.path("location").asText() + ")"));
        }
    }

    @Command(name = "status", description = "a DAG's state and its jobs")
    static final class Status extends ApiCommand
    {
        @Parameters(paramLabel = "ID")
        String dagId;

        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.get("/api/v1/dags/" + ApiClient.segment(dagId)), (body, out) -> {
                out.println("DAG " + body.path("dagId").asText() + " '" + body.path("name").asText() + "' " + body.path("state").asText()
                    + ", submitted " + body.path("submittedAt").asText() + " by " + body.path("submittedBy").asText("-"));
                final TablePrinter table = new TablePrinter("JOB", "CLASS", "STATE", "ATTEMPTS", "ERROR");
                for (final JsonNode job : body.path("jobs"))
                {
                    table.row(job.path("id").asText(), job.path("executorClass").asText(), job.path("state").asText(),
                        job.path("attempts").asInt(), job.path("error").isMissingNode() || job.path("error").isNull() ? null : job.path("error").asText());
                }
                table.print(out);
            });
        }
    }

    /** The three requests that change a DAG answer the same way. */
    abstract static class Change extends ApiCommand
    {
        @Parameters(paramLabel = "ID")
        String dagId;

        abstract String verb();

        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.post("/api/v1/dags/" + ApiClient.segment(dagId) + "/" + verb(), null),
                (body, out) -> out.println(verb() + " of DAG " + dagId + " accepted: " + body.path("status").asText("requested")));
        }
    }

    @Command(name = "cancel", description = "cancel a DAG: queued jobs end at once, running ones when their executor confirms")
    static final class Cancel extends Change
    {
        @Override
        String verb()
        {
            return "cancel";
        }
    }

    @Command(name = "pause", description = "pause a DAG: running jobs finish, no new ones start")
    static final class Pause extends Change
    {
        @Override
        String verb()
        {
            return "pause";
        }
    }

    @Command(name = "resume", description = "resume a paused DAG")
    static final class Resume extends Change
    {
        @Override
        String verb()
        {
            return "resume";
        }
    }
}
