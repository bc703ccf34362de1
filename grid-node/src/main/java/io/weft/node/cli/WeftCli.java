package io.weft.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's command line, over the REST API with a token: {@code weft dags ...}, {@code weft jobs},
 * {@code weft executors}, {@code weft deployments}, {@code weft capacity}, {@code weft audit}, {@code weft events},
 * {@code weft fabric ...}. Tables for people, {@code --json} for scripts; exit 0 done, 1 the node refused, 2 a bad
 * command line, 3 no node answered.
 */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class,
    description = "Talk to a Weft node's REST API (set WEFT_URL and WEFT_TOKEN, or pass --url and --token-file).",
    subcommands = {DagsCommand.class, ReadCommands.Jobs.class, ReadCommands.Executors.class, ReadCommands.Deployments.class, ReadCommands.Capacity.class,
        ReadCommands.Audit.class, EventsCommand.class, FabricCommand.class})
public final class WeftCli
{
    private WeftCli()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** The parser, for the launcher and for tests that run commands in-process. */
    public static CommandLine commandLine()
    {
        return Launcher.commandLine(new WeftCli());
    }
}
