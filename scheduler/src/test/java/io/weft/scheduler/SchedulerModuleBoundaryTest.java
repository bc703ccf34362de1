package io.weft.scheduler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core must stay testable without a grid, a network or HTTP: it may not even see their types. */
class SchedulerModuleBoundaryTest
{
    private static final Pattern FORBIDDEN = Pattern.compile(
        "^\\s*import\\s+(static\\s+)?(com\\.hazelcast|io\\.netty|io\\.aeron)\\.", Pattern.MULTILINE);

    @Test
    void mainSourcesImportNoGridNetworkOrHttpTypes() throws IOException
    {
        final Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "run from the scheduler module directory");
        final List<Path> offenders;
        try (Stream<Path> files = Files.walk(sources))
        {
            offenders = files.filter(p -> p.toString().endsWith(".java")).filter(SchedulerModuleBoundaryTest::importsForbidden).toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void gridNetworkAndHttpLibrariesAreNotOnTheClasspath()
    {
        for (final String type : List.of("com.hazelcast.core.Hazelcast", "io.netty.channel.Channel", "io.aeron.Aeron"))
        {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(type), type);
        }
    }

    private static boolean importsForbidden(final Path file)
    {
        try
        {
            return FORBIDDEN.matcher(Files.readString(file)).find();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
