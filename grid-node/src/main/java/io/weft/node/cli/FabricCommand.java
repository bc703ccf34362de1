package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code weft fabric groups | validate G | drift G | publish G FILE | pause G | resume G}. */
@Command(name = "fabric", description = "the Runtime Fabric: groups, validation, drift, publication, fan-out",
    subcommands = {FabricCommand.Groups.class, FabricCommand.Validate.class, FabricCommand.Drift.class, FabricCommand.Publish.class,
        FabricCommand.Pause.class, FabricCommand.Resume.class})
final class FabricCommand
{
    private static String group(final String groupId)
    {
        return "/api/v1/fabric/groups/" + ApiClient.segment(groupId);
    }

    @Command(name = "groups", description = "every fabric group")
    static final class Groups extends ApiCommand
    {
        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.get("/api/v1/fabric/groups"), (body, out) -> {
                final TablePrinter table = new TablePrinter("GROUP", "ENVIRONMENT", "REGION", "STATUS", "GATEWAYS");
                for (final JsonNode group : body.path("groups"))
                {
                    table.row(group.path("groupId").asText(), group.path("environment").asText(), group.path("region").asText("-"),
                        group.path("status").asText("-"), group.path("gatewayIds").size());
                }
                table.print(out);
            });
        }
    }

    /** A command on one group. */
    abstract static class OnGroup extends ApiCommand
    {
        @Parameters(index = "0", paramLabel = "GROUP")
        String groupId;
    }

    @Command(name = "validate", description = "check that a group's gateways are homogeneous and healthy")
    static final class Validate extends OnGroup
    {
        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.post(group(groupId) + "/validation", null), (body, out) -> {
                out.println("group " + groupId + ": " + body.path("status").asText());
                for (final JsonNode issue : body.path("issues"))
                {
                    out.println("  " + (issue.isTextual() ? issue.asText() : issue.toString()));
                }
            });
        }
    }

    @Command(name = "drift", description = "what differs between a group's gateways and what was published to it")
    static final class Drift extends OnGroup
    {
        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.get(group(groupId) + "/drift"), (body, out) -> out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body)));
        }
    }

    @Command(name = "publish", description = "publish the template in FILE to every gateway of a group")
    static final class Publish extends OnGroup
    {
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.post(group(groupId) + "/publications", Files.readString(file)),
                (body, out) -> out.println("published to " + groupId + ": " + body.path("aggregate").asText("done")));
        }
    }

    /** Pause and resume fan out the same way, to every gateway of the group. */
    abstract static class FanOut extends OnGroup
    {
        abstract String verb();

        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.post(group(groupId) + "/scheduler/" + verb(), null),
                (body, out) -> out.println(verb() + "d " + groupId + ": " + body.path("aggregate").asText("done")));
        }
    }

    @Command(name = "pause", description = "pause the scheduler of every gateway of a group")
    static final class Pause extends FanOut
    {
        @Override
        String verb()
        {
            return "pause";
        }
    }

    @Command(name = "resume", description = "resume the scheduler of every gateway of a group")
    static final class Resume extends FanOut
    {
        @Override
        String verb()
        {
            return "resume";
        }
    }
}
