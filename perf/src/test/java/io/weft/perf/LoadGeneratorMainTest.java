package io.weft.perf;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft load}'s command line, parsed and checked without starting a node. */
class LoadGeneratorMainTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void parsesTheDocumentedCommandLines()
    {
        final LoadOptions defaults = parse();
        assertEquals(1, defaults.nodes);
        assertEquals(256, defaults.slots);
        assertTrue(defaults.http());
        assertNull(defaults.retentionMs);
        assertEquals(1000, defaults.jobsPerDag());

        final LoadOptions given = parse("--submit=direct", "--shape=chain", "--width=1", "--depth", "10", "--rate=4000",
            "--max-in-flight=20000", "--retention-ms=0", "--max-finished-jobs=100000", "--max-finished-dags=0", "--warmup=0");
        assertFalse(given.http());
        assertEquals(10, given.jobsPerDag());
        assertEquals(4000, given.ratePerSecond);
        assertEquals(20_000, given.maxInFlightJobs);
        assertEquals("0", given.retentionMs);
        assertEquals("100000", given.maxFinishedJobs);
        assertEquals("0", given.maxFinishedDags);
        assertEquals(0, given.warmupSeconds);
    }

    @Test
    void refusesWhatTheTypesLetThrough()
    {
        assertThrows(IllegalArgumentException.class, () -> parse("--executors=0"));
        assertThrows(IllegalArgumentException.class, () -> parse("--submit=grpc"));
        assertThrows(IllegalArgumentException.class, () -> parse("--shape=star"));
    }

    @Test
    void helpExitsZeroAndABadCommandLineTwoBeforeAnythingStarts()
    {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().startsWith("Usage: weft load"), out.toString());
        assertTrue(out.toString().contains("--max-finished-dags=N"), out.toString());

        assertEquals(2, execute("--bogus=1"));
        assertTrue(err.toString().startsWith("weft load: Unknown option: '--bogus=1'"), err.toString());
        assertEquals(2, execute("--width=x"));
        err.getBuffer().setLength(0);
        assertEquals(2, execute("--duration=0"));
        assertTrue(err.toString().startsWith("weft load: --duration must be positive"), err.toString());
    }

    private static LoadOptions parse(final String... args)
    {
        final CommandLine cli = LoadGeneratorMain.commandLine();
        cli.parseArgs(args);
        final LoadOptions options = cli.<LoadGeneratorMain>getCommand().options;
        options.check();
        return options;
    }

    private int execute(final String... args)
    {
        final CommandLine cli = LoadGeneratorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
