package io.weft.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short real run of {@code weft load}: two nodes in this JVM, one sample executor process over Aeron UDP, 1-job
 * DAGs over HTTP. It checks behaviour, not speed: every accepted job is counted as finished (each node counts only
 * the DAGs it owns, so the generator must add them up), and the report has its parts.
 */
class LoadGeneratorRunTest
{
    private static final Pattern TOTALS = Pattern.compile("jobs submitted (\\d+), finished (\\d+) in");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aShortHttpRunOverTwoNodesFinishesEveryJobItSubmitted() throws Exception
    {
        final CommandLine cli = LoadGeneratorMain.commandLine();
        cli.parseArgs("--nodes=2", "--slots=8", "--executor-threads=2", "--shape=one", "--duration=2", "--warmup=0",
            "--max-in-flight=200", "--connections=4");
        final LoadOptions options = cli.<LoadGeneratorMain>getCommand().options;
        options.check();

        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final int exitCode;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            exitCode = LoadGeneratorMain.run(options);
        }
        finally
        {
            System.setOut(original);
        }
        final String output = captured.toString(StandardCharsets.UTF_8);

        assertEquals(0, exitCode, output);
        final Matcher totals = TOTALS.matcher(output);
        assertTrue(totals.find(), output);
        final long submitted = Long.parseLong(totals.group(1));
        assertTrue(submitted > 0, output);
        assertEquals(submitted, Long.parseLong(totals.group(2)), "every submitted job finished: " + output);
        assertTrue(output.contains("send-to-ack"), output);
        assertTrue(output.contains("CPU (cores busy on average"), output);
        assertTrue(output.contains("heap after GC"), output);
    }
}
