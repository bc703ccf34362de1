package io.weft.transport.sample;

import io.weft.transport.sample.SampleExecutorMain.Options;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[]{"--node", " , "}));
    }
}
