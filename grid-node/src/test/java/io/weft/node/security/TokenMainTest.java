package io.weft.node.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft token}: what it prints and appends, and what it refuses. */
class TokenMainTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsTheTokenAndItsLine()
    {
        assertEquals(0, execute("--principal", "alice", "--role=Operator"));
        final List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.get(1).startsWith("alice operator sha256:"), lines.get(1));
        assertEquals(TokenHash.encoded(lines.get(0)), lines.get(1).substring("alice operator ".length()));
    }

    @Test
    void appendsAnExecutorsLineToTheFile() throws Exception
    {
        final Path file = dir.resolve("executor-tokens");
        assertEquals(0, execute("--executor", "--principal=ocr-pool", "--classes", "ocr,llm", "--file", file.toString()));
        assertEquals(0, execute("--executor", "--principal", "any", "--file=" + file));

        final List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("ocr-pool ocr,llm sha256:"), lines.get(0));
        assertTrue(lines.get(1).startsWith("any * sha256:"), lines.get(1));
        assertEquals(2, out.toString().lines().count(), "only the tokens go to stdout");
    }

    @Test
    void helpExitsZeroAndABadCommandLineTwo()
    {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().startsWith("Usage: weft token --principal NAME --role"), out.toString());
        out.getBuffer().setLength(0);

        assertEquals(2, execute("--principal", "alice", "--role", "root"));
        assertTrue(err.toString().startsWith("weft token: --role must be admin, operator, developer or viewer"), err.toString());
        assertEquals(2, execute("--principal", "no spaces", "--role", "viewer"));
        assertEquals(2, execute("--executor", "--principal", "x", "--classes", "a b"));
        assertEquals(2, execute("--principal", "alice", "--role", "viewer", "--bogus"));
        assertEquals(2, execute("--principal"));
        assertEquals("", out.toString(), "no token is made for a bad command line");
    }

    private int execute(final String... args)
    {
        final CommandLine cli = TokenMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
