package io.weft.node;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link NodeConfig} setting as a command-line flag ({@code --rest.port=8080}), plus {@code --config=FILE}, for
 * the commands that run a node ({@code weft node}, {@code weft demo}). The flags are made from the settings table,
 * so a new setting is a new flag with its help line and nothing else to keep in step.
 */
public final class NodeSettingOptions
{
    private static final String CONFIG = "--config";

    private NodeSettingOptions()
    {
    }

    /** Adds {@code --config} and one option per setting, in the table's order, to {@code spec}. */
    public static CommandSpec addTo(final CommandSpec spec)
    {
        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(List.class).auxiliaryTypes(Path.class)
            .description("a properties file of settings; env and flags override it (may be given more than once)").build());
        NodeConfig.SETTINGS.forEach((key, setting) -> spec.addOption(OptionSpec.builder("--" + key).paramLabel("VALUE").type(String.class)
            .description(literal(setting[1] + " (env " + NodeConfig.envName(key) + ", default '" + setting[0] + "')")).build()));
        // Wide enough for the longest flag, so each description starts on its flag's line.
        final int longest = NodeConfig.SETTINGS.keySet().stream().mapToInt(String::length).max().orElse(0);
        spec.usageMessage().longOptionsMaxWidth(Math.max(spec.usageMessage().longOptionsMaxWidth(), longest + "--=VALUE".length()));
        return spec;
    }

    /**
     * The settings: defaults, then the {@code --config} files, then the environment, then the flags given.
     *
     * @throws CommandLine.ParameterException for a config file that cannot be read or names no setting: a bad
     *                                         command line, not a failing node
     */
    public static NodeConfig config(final ParseResult parsed, final Map<String, String> env)
    {
        final Map<String, String> flags = new LinkedHashMap<>();
        for (final String key : NodeConfig.SETTINGS.keySet())
        {
            if (parsed.hasMatchedOption("--" + key))
            {
                flags.put(key, parsed.matchedOptionValue("--" + key, ""));
            }
        }
        try
        {
            return NodeConfig.from(parsed.matchedOptionValue(CONFIG, List.of()), flags, env);
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            final String cause = ex.getCause() == null ? "" : ": " + ex.getCause();
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), ex.getMessage() + cause, ex);
        }
    }

    /** Picocli formats descriptions and expands ${...} in them; the settings table's text is plain. */
    private static String literal(final String text)
    {
        return text.replace("%", "%%").replace("${", "$${");
    }
}
