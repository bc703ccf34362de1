package io.weft.transport.sample;

import io.weft.transport.sample.SampleExecutorMain.Options;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleExecutorMainTest
{
    @Test
    void parsesFlagsWithDefaults()
    {
        final Options defaults = Options.parse(new String[]{"--node", "127.0.0.1:4000"});
        assertEquals(List.of("127.0.0.1:4000"), defaults.nodes());
        assertEquals(Map.of("noop", 8, "sleep", 4, "echo", 2, "cpu", 2), defaults.slots());
        assertEquals(0, defaults.instanceId());
        assertEquals("sample", defaults.deployment());
        assertEquals(1000, defaults.heartbeatMs());

        final Options given = Options.parse(new String[]{
            "--node=10.0.0.1:5000", "--slots", "echo=3, fail=1", "--instance-id", "12",
            "--deployment", "docs", "--heartbeat-ms=250"});
        assertEquals(Map.of("echo", 3, "fail", 1), given.slots());
        assertEquals(12, given.instanceId());
        assertEquals("docs", given.deployment());
        assertEquals(250, given.heartbeatMs());

        assertEquals(Map.of(), given.threads());
        final Options threaded = Options.parse(new String[]{"--node=h:1", "--slots", "noop=1024", "--threads", "noop=2"});
        assertEquals(Map.of("noop", 2), threaded.threads());

        final Options cluster = Options.parse(new String[]{"--node", "10.0.0.1:5000, 10.0.0.2:5000,"});
        assertEquals(List.of("10.0.0.1:5000", "10.0.0.2:5000"), cluster.nodes());
    }

    @Test
    void refusesBadFlags()
    {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--node"}));
        assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[]{"--node", "h:1", "--slots", "echo"}));
        assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[]{"--node", "h:1", "--slots", "echo=0"}));
        assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[]{"--node", "h:1", "--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--node", "h:1,h2"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--node", "h:x"}));
        assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[]{"--node", "h:1", "--slots", "echo=2", "--threads", "echo=0"}));
        assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[]{"--node", "h:1", "--slots", "echo=2", "--threads", "noop=1"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--node", " , "}));
    }

    @Test
    void declaresWhatItRuns()
    {
        final Options declared = Options.parse(new String[]{
            "--node", "h:1", "--epoch=3", "--endpoints", "/extract,/classify", "--resources=cpu=4,gpu=1", "--config", "model=v2,key=s3cret"});
        assertEquals(3, declared.declared().epoch());
        assertEquals("/extract,/classify", declared.declared().endpoints());
        assertEquals("cpu=4,gpu=1", declared.declared().resources());
        assertEquals("model=v2\nkey=s3cret", declared.declared().configuration());
    }

    @Test
    void aRepeatedFlagTakesItsLastValue()
    {
        assertEquals("b", Options.parse(new String[]{"--node", "h:1", "--deployment", "a", "--deployment=b"}).deployment());
    }

    @Test
    void helpExitsZeroAndABadCommandLineTwo()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine help = SampleExecutorMain.commandLine();
        help.setOut(new PrintWriter(out, true));
        assertEquals(0, help.execute("--help"));
        assertTrue(out.toString().startsWith("Usage: weft executor"), out.toString());
        assertTrue(out.toString().contains("--heartbeat-ms=N"), out.toString());

        final CommandLine bad = SampleExecutorMain.commandLine();
        bad.setErr(new PrintWriter(err, true));
        assertEquals(2, bad.execute("--node", "h:1", "--bogus", "1"));
        assertTrue(err.toString().startsWith("weft executor: Unknown option"), err.toString());
        assertTrue(err.toString().contains("'--bogus'"), err.toString());
        assertEquals(2, SampleExecutorMain.commandLine().setErr(new PrintWriter(new StringWriter())).execute("--node", "h:1", "--heartbeat-ms=0"));
    }
}
