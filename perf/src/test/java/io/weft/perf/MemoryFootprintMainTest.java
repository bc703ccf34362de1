package io.weft.perf;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft footprint}'s command line, parsed without measuring anything. */
class MemoryFootprintMainTest
{
    @Test
    void jobsAndJobsPerDagAreOptionalPositions()
    {
        final CommandLine defaults = MemoryFootprintMain.commandLine();
        defaults.parseArgs();
        assertEquals(1_000_000, defaults.<MemoryFootprintMain>getCommand().jobs);
        assertEquals(1_000, defaults.<MemoryFootprintMain>getCommand().jobsPerDag);

        final CommandLine given = MemoryFootprintMain.commandLine();
        given.parseArgs("50000", "500");
        assertEquals(50_000, given.<MemoryFootprintMain>getCommand().jobs);
        assertEquals(500, given.<MemoryFootprintMain>getCommand().jobsPerDag);
    }

    @Test
    void helpExitsZeroAndABadCommandLineTwo()
    {
        final StringWriter out = new StringWriter();
        final CommandLine cli = MemoryFootprintMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().startsWith("Usage: weft footprint"), out.toString());
        assertEquals(2, cli.execute("many"));
        assertEquals(2, cli.execute("1000", "0"));
        assertEquals(2, cli.execute("--bogus"));
    }
}
