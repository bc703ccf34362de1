package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * One command that asks the REST API something. Exit codes: 0 done, 1 the node refused (its problem's status and
 * detail are printed), 2 a bad command line, 3 no node answered.
 */
abstract class ApiCommand implements Callable<Integer>
{
    static final int REFUSED = 1;
    static final int UNREACHABLE = 3;
    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    /** Asks the node; returns the exit code. */
    abstract int run(ApiClient api) throws Exception;

    @Override
    public final Integer call() throws Exception
    {
        try
        {
            return run(connection.client());
        }
        catch (final ApiClient.UnreachableException ex)
        {
            err().println("weft: " + ex.getMessage());
            return UNREACHABLE;
        }
    }

    PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    PrintWriter err()
    {
        return spec.commandLine().getErr();
    }

    /** Prints the answer: its JSON with --json, else what {@code human} makes of it; a refusal goes to stderr. */
    int show(final ApiClient.Answer answer, final Human human) throws Exception
    {
        if (!answer.ok())
        {
            String detail = answer.body();
            try
            {
                final JsonNode problem = JSON.readTree(answer.body());
                detail = problem.path("title").asText("") + ": " + problem.path("detail").asText("");
            }
            catch (final Exception ex)
            {
                // not a problem document: the raw body says what there is to say
            }
            err().println("weft: the node answered " + answer.status() + " " + detail);
            err().flush();
            return REFUSED;
        }
        if (connection.json)
        {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(answer.body())));
        }
        else
        {
            human.print(JSON.readTree(answer.body()), out());
        }
        out().flush();
        return 0;
    }

    @FunctionalInterface
    interface Human
    {
        void print(JsonNode body, PrintWriter out) throws Exception;
    }
}
