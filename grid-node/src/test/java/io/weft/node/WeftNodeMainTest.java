package io.weft.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft node}'s command line, parsed without starting a node. */
class WeftNodeMainTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverConfigFiles() throws Exception
    {
        final Path file = dir.resolve("node.properties");
        Files.writeString(file, "cluster.name=from-file\nrest.port=7000\ngrid.port=7001\n");
        final CommandLine cli = WeftNodeMain.commandLine();
        cli.parseArgs("--config=" + file, "--node.id=n1", "--grid.members=", "--rest.port", "9090", "--rest.port=9091",
            "--capacity.target-utilisation=0.5");

        final NodeConfig config = NodeSettingOptions.config(cli.getParseResult(), Map.of("WEFT_GRID_PORT", "7002", "WEFT_REST_PORT", "7003"));

        assertEquals("n1", config.get("node.id"));
        assertEquals("from-file", config.get("cluster.name"));
        assertEquals("7002", config.get("grid.port"));
        assertEquals(9091, config.getInt("rest.port"), "the last of a repeated flag wins, as 'weft cluster' relies on");
        assertEquals("", config.get("grid.members"));
        assertEquals(0.5, config.getDouble("capacity.target-utilisation"));
        assertEquals(NodeConfig.SETTINGS.get("rest.host")[0], config.get("rest.host"));
    }

    @Test
    void helpListsEverySettingWithItsEnvironmentVariableAndDefault()
    {
        assertEquals(0, execute("--help"));
        final String help = out.toString();
        assertTrue(help.startsWith("Usage: weft node [--config=FILE] [--KEY=VALUE ...]"), help);
        NodeConfig.SETTINGS.forEach((key, setting) -> assertTrue(help.contains("--" + key + "=VALUE"), key));
        assertTrue(help.contains("WEFT_SECURITY_METRICS_OPEN"), help);
        assertTrue(help.contains("default 'READ_WRITE'"), help);
    }

    @Test
    void anUnknownSettingIsABadCommandLine()
    {
        assertEquals(2, execute("--rest.prot=8080"));
        assertTrue(err.toString().startsWith("weft node: Unknown option: '--rest.prot=8080'"), err.toString());
        assertTrue(err.toString().contains("--rest.port"), "suggests the setting meant: " + err);
    }

    @Test
    void aConfigFileNamingNoSettingIsABadCommandLineAndNoNodeStarts() throws Exception
    {
        final Path file = dir.resolve("bad.properties");
        Files.writeString(file, "rest.prot=8080\n");
        assertEquals(2, execute("--config", file.toString()));
        assertTrue(err.toString().startsWith("weft node: unknown setting 'rest.prot' in " + file), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, execute("--config=" + dir.resolve("missing.properties")));
        assertTrue(err.toString().startsWith("weft node: cannot read config file"), err.toString());
    }

    @Test
    void anArgumentThatIsNoFlagIsABadCommandLine()
    {
        assertEquals(2, execute("8080"));
        assertEquals(2, execute("--rest.port"));
    }

    private int execute(final String... args)
    {
        final CommandLine cli = WeftNodeMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
