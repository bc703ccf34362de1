package io.weft.node.security;

import io.weft.node.cli.Launcher;
import io.weft.rest.security.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/**
 * {@code weft token --principal NAME --role ROLE [--file TOKENS]}: makes a new random token, prints it once, and
 * appends its hash line to the tokens file (or prints the line). The token itself is never written anywhere.
 */
@Command(name = "weft token", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class, sortOptions = false, usageHelpWidth = 100,
    customSynopsis = {"weft token --principal NAME --role admin|operator|developer|viewer [--file TOKENS_FILE]",
        "       weft token --executor --principal NAME [--classes ocr,llm|*] [--file EXECUTOR_TOKENS_FILE]"},
    description = {"Prints a new token on the first line (keep it: it is not stored) and appends its line "
        + "('<principal> <role> sha256:<hash>', or for an executor '<name> <classes> sha256:<hash>') to the file "
        + "(API tokens are re-read within seconds; executor tokens when the node starts), or prints that line."})
public final class TokenMain implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--principal", paramLabel = "NAME", description = "who the token is for: 1 to 64 letters, digits or . _ @ -")
    String principal;

    @Option(names = "--role", paramLabel = "ROLE", description = "admin, operator, developer or viewer (API tokens)")
    String role;

    @Option(names = "--executor", description = "make an executor token instead of an API token")
    boolean executor;

    @Option(names = "--classes", paramLabel = "CLASSES", description = "the executor classes it may serve, comma-separated, or * (default *)")
    String classes = "*";

    @Option(names = "--file", paramLabel = "FILE", description = "append the token's line to this tokens file instead of printing it")
    Path file;

    private TokenMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** The parser; tests run the command through it with their own out and err. */
    static CommandLine commandLine()
    {
        return Launcher.commandLine(new TokenMain());
    }

    @Override
    public Integer call() throws IOException
    {
        final String grant = grant();
        final String token = TokenHash.newToken();
        final String line = principal + " " + grant + " " + TokenHash.encoded(token);
        final PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        if (file == null)
        {
            out.println(line);
        }
        else
        {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            spec.commandLine().getErr().println("added " + principal + " (" + (executor ? "executor of " + classes : grant) + ") to " + file);
        }
        out.flush();
        return 0;
    }

    /** The role, or for an executor the classes, the line grants; a refusal is a bad command line. */
    String grant()
    {
        if (principal == null || !principal.matches("[A-Za-z0-9._@-]{1,64}"))
        {
            throw usage("--principal must be 1 to 64 letters, digits or . _ @ -");
        }
        if (executor)
        {
            if (!classes.matches("\\*|[^\\s*]+"))
            {
                throw usage("--classes must be * or comma-separated class names without spaces");
            }
            return classes;
        }
        final Role parsed = role == null ? null : Role.byName(role);
        if (parsed == null)
        {
            throw usage("--role must be admin, operator, developer or viewer");
        }
        return parsed.roleName();
    }

    private CommandLine.ParameterException usage(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
