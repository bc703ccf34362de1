package io.weft.node.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * What every {@code weft} command line shares, so that the launcher's commands and the operator's read alike:
 * {@code --flag value} and {@code --flag=value}, a repeated flag's last value wins (the launcher's {@code cluster}
 * passes the user's flags after its own), {@code --help} and {@code --version}, and a bad command line answered in
 * a few lines with exit code 2.
 */
public final class Launcher
{
    private Launcher()
    {
    }

    /** The parser for one command object (annotated, or a spec built from one). */
    public static CommandLine commandLine(final Object command)
    {
        return configure(new CommandLine(command));
    }

    public static CommandLine configure(final CommandLine cli)
    {
        // '@file' arguments are not expanded: a value such as '@ops' meant itself before picocli and still does.
        return cli.setOverwrittenOptionsAllowed(true)
            .setExpandAtFiles(false)
            .setParameterExceptionHandler(Launcher::usageError);
    }

    /**
     * The message, picocli's suggestions for a misspelt flag, and where help is: the full help of a command with
     * dozens of settings would bury the one line that says what was wrong.
     */
    private static int usageError(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine cli = ex.getCommandLine();
        final String name = cli.getCommandSpec().qualifiedName();
        final PrintWriter err = cli.getErr();
        err.println(name + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + name + " --help'.");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The build's version, from the jar's manifest. */
    public static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = Launcher.class.getPackage().getImplementationVersion();
            return new String[] {"weft " + (version == null ? "(development build)" : version)};
        }
    }
}
