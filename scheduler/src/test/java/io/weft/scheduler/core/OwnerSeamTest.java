package io.weft.scheduler.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The DAG side and the class side of the core speak only through the {@link OwnerLink}, so that a partitioned
 * cluster can put them on different nodes by replacing the link. Read from the sources: a call that crosses the
 * seam another way fails here, with the line that does it.
 */
class OwnerSeamTest
{
    private static final Path CORE = Path.of("src/main/java/io/weft/scheduler/core");

    /**
     * What each side may not name. The DAG side names its own {@link DagRun} and never the class side's record; the
     * class side names its {@link ClassRun} and never the DAG side's. The one exception: a DAG run's queues are built
     * when the run is ({@code ClassOwner.queuesOf}).
     */
    private static final String CLASS_SIDE_ONLY = "\\b(DagRun|dagSide|DagOwner|FencedLeaseIssuer|JournalBatch|TimerQueue)\\b";
    private static final Map<String, Pattern> FORBIDDEN = Map.of(
        "DagOwner.java", Pattern.compile("\\b(ClassDispatcher|ExecutorRoster|ExecutorRelay|ExecutorInstance|ReadyFrontier|classSide)\\b|\\bclasses\\.(?!queuesOf\\()\\w+"),
        "FencedLeaseIssuer.java", Pattern.compile("\\b(ClassOwner|ClassDispatcher|ExecutorRoster|ExecutorSlots|ReadyFrontier|DispatchSender|classSide)\\b"),
        "ClassOwner.java", Pattern.compile(CLASS_SIDE_ONLY),
        "ClassDispatcher.java", Pattern.compile(CLASS_SIDE_ONLY),
        "ExecutorRelay.java", Pattern.compile(CLASS_SIDE_ONLY),
        "ReadyFrontier.java", Pattern.compile(CLASS_SIDE_ONLY),
        "PriorityDispatchPlanner.java", Pattern.compile(CLASS_SIDE_ONLY),
        "SlaFairRanking.java", Pattern.compile(CLASS_SIDE_ONLY));

    @Test
    void theTwoSidesOfTheCoreMeetOnlyAtTheOwnerLink() throws IOException
    {
        final List<String> crossings = new ArrayList<>();
        for (final Map.Entry<String, Pattern> side : FORBIDDEN.entrySet())
        {
            final List<String> lines = Files.readAllLines(CORE.resolve(side.getKey()));
            for (int i = 0; i < lines.size(); i++)
            {
                final String code = withoutComment(lines.get(i));
                final Matcher matcher = side.getValue().matcher(code);
                if (matcher.find())
                {
                    crossings.add(side.getKey() + ":" + (i + 1) + ": " + code.trim());
                }
            }
        }
        assertEquals(List.of(), crossings);
    }

    private static String withoutComment(final String line)
    {
        final String trimmed = line.trim();
        if (trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//"))
        {
            return "";
        }
        final int comment = line.indexOf("//");
        return comment < 0 ? line : line.substring(0, comment);
    }
}
