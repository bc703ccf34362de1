package io.weft.node;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft demo}'s command line, parsed without starting anything: the node's settings, as for {@code weft node}. */
class DemoMainTest
{
    @Test
    void takesTheNodesSettings()
    {
        final CommandLine cli = DemoMain.commandLine();
        cli.parseArgs("--rest.port=0", "--executor.endpoint", "127.0.0.1:0");

        final NodeConfig config = NodeSettingOptions.config(cli.getParseResult(), Map.of());

        assertEquals(0, config.getInt("rest.port"));
        assertEquals("127.0.0.1:0", config.get("executor.endpoint"));
    }

    @Test
    void helpExitsZeroAndAnUnknownFlagTwo()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = DemoMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().startsWith("Usage: weft demo"), out.toString());
        assertTrue(out.toString().contains("--grid.members=VALUE"), out.toString());
        assertEquals(2, cli.execute("--pages=3"));
        assertTrue(err.toString().startsWith("weft demo: Unknown option: '--pages=3'"), err.toString());
    }
}
