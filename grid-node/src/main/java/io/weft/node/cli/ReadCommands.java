package io.weft.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The read-only views an operator looks at every day: jobs, executors, capacity, the audit trail. */
final class ReadCommands
{
    private ReadCommands()
    {
    }

    @Command(name = "jobs", description = "jobs across DAGs, by state and class")
    static final class Jobs extends ApiCommand
    {
        @Option(names = "--state", description = "READY, RUNNING, FAILED, ...")
        String state;

        @Option(names = "--class", description = "an executor class")
        String executorClass;

        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Override
        int run(final ApiClient api) throws Exception
        {
            final StringBuilder query = new StringBuilder("?limit=").append(limit);
            if (state != null)
            {
                query.append("&state=").append(ApiClient.segment(state));
            }
            if (executorClass != null)
            {
                query.append("&class=").append(ApiClient.segment(executorClass));
            }
            return show(api.get("/api/v1/jobs" + query), (body, out) -> {
                final TablePrinter table = new TablePrinter("DAG", "DAG NAME", "JOB", "CLASS", "STATE", "ATTEMPTS");
                for (final JsonNode job : body.path("jobs"))
                {
                    table.row(job.path("dagId").asText(), job.path("dagName").asText(), job.path("id").asText(),
                        job.path("executorClass").asText(), job.path("state").asText(), job.path("attempts").asInt());
                }
                table.print(out);
                out.println(body.path("total").asLong() + " job(s) match");
            });
        }
    }

    @Command(name = "executors", description = "the executor instances of the cluster and their slots")
    static final class Executors extends ApiCommand
    {
        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.get("/api/v1/executors"), (body, out) -> {
                final TablePrinter table = new TablePrinter("INSTANCE", "DEPLOYMENT", "STATUS", "NODE", "SLOTS (used/total)", "LAST HEARTBEAT");
                for (final JsonNode executor : body.path("executors"))
                {
                    final List<String> slots = new ArrayList<>();
                    for (final JsonNode slot : executor.path("slots"))
                    {
                        slots.add(slot.path("executorClass").asText() + " " + slot.path("used").asInt() + "/" + slot.path("total").asInt());
                    }
                    table.row(executor.path("instanceId").asText(), executor.path("deploymentName").asText(), executor.path("status").asText(),
                        executor.path("node").asText("-"), String.join(", ", slots), executor.path("lastHeartbeatAt").asText());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "deployments", description = "executor deployments, or one of them with its nodes")
    static final class Deployments extends ApiCommand
    {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        int run(final ApiClient api) throws Exception
        {
            if (name != null)
            {
                return show(api.get("/api/v1/deployments/" + ApiClient.segment(name)), (body, out) -> {
                    out.println("deployment " + name + ": " + body.path("status").asText() + ", " + body.path("nodeCount").asInt() + " node(s), "
                        + body.path("capacity").path("used").asInt() + "/" + body.path("capacity").path("total").asInt() + " slots used");
                    final TablePrinter table = new TablePrinter("NODE", "HEALTH", "WORK", "HEARTBEAT", "SLOTS (used/total)");
                    for (final JsonNode node : body.path("nodes"))
                    {
                        table.row(node.path("instanceId").asText(), node.path("status").asText(), node.path("work").asText(),
                            node.path("heartbeatAt").asText("-"),
                            node.path("capacity").path("used").asInt() + "/" + node.path("capacity").path("total").asInt());
                    }
                    table.print(out);
                });
            }
            return show(api.get("/api/v1/deployments"), (body, out) -> {
                out.println(body.path("totalExecutors").asInt() + " deployment(s), " + body.path("totalNodes").asInt() + " node(s), "
                    + body.path("activeDeployments").asInt() + " serving, healthy nodes " + number(body.path("healthyNodesPercent")) + "%");
                final TablePrinter table = new TablePrinter("DEPLOYMENT", "STATUS", "NODES", "OWNER", "SLOTS (used/total)", "LAST HEARTBEAT");
                for (final JsonNode row : body.path("deployments"))
                {
                    table.row(row.path("name").asText(), row.path("status").asText(), row.path("nodeCount").asInt(), row.path("owner").asText(),
                        row.path("capacity").path("used").asInt() + "/" + row.path("capacity").path("total").asInt(), row.path("lastHeartbeat").asText("-"));
                }
                table.print(out);
            });
        }
    }

    @Command(name = "capacity", description = "how full each class is, what it does per hour and how many slots it needs")
    static final class Capacity extends ApiCommand
    {
        @Override
        int run(final ApiClient api) throws Exception
        {
            return show(api.get("/api/v1/capacity"), (body, out) -> {
                final TablePrinter table = new TablePrinter(
                    "CLASS", "SLOTS", "UTIL NOW", "UTIL 5M", "RUNTIME MS", "EST JOBS/H", "MEASURED 5M", "SLOTS NEEDED", "ALERT");
                for (final JsonNode row : body.path("classes"))
                {
                    table.row(row.path("class").asText(),
                        row.path("slots").path("used").asInt() + "/" + row.path("slots").path("total").asInt(),
                        percent(row.path("utilisation").path("now")), percent(row.path("utilisation").path("5m")),
                        number(row.path("effectiveRuntimeMs").path("mean")), number(row.path("estimatedJobsPerHour")),
                        number(row.path("measuredJobsPerHour").path("5m")), row.path("headroom").path("slotsNeeded").asText("-"),
                        row.path("alert").isNull() || row.path("alert").isMissingNode() ? "" : "ALERT since " + row.path("alert").path("since").asText());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "audit", description = "the audit trail, newest first (admins)")
    static final class Audit extends ApiCommand
    {
        @Option(names = "--principal")
        String principal;

        @Option(names = "--action", description = "a prefix, e.g. 'POST /api/v1/dags'")
        String action;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        int run(final ApiClient api) throws Exception
        {
            final StringBuilder query = new StringBuilder("?limit=").append(limit);
            if (principal != null)
            {
                query.append("&principal=").append(ApiClient.segment(principal));
            }
            if (action != null)
            {
                query.append("&action=").append(ApiClient.segment(action));
            }
            return show(api.get("/api/v1/audit" + query), (body, out) -> {
                final TablePrinter table = new TablePrinter("AT", "PRINCIPAL", "ROLE", "ACTION", "TARGET", "OUTCOME");
                for (final JsonNode entry : body.path("entries"))
                {
                    table.row(java.time.Instant.ofEpochMilli(entry.path("atEpochMs").asLong()), entry.path("principal").asText("-"),
                        entry.path("role").asText("-"), entry.path("action").asText(), entry.path("target").asText("-"), entry.path("outcome").asText());
                }
                table.print(out);
            });
        }
    }

    static String percent(final JsonNode value)
    {
        return value.isNumber() ? Math.round(value.asDouble() * 100) + "%" : "-";
    }

    static String number(final JsonNode value)
    {
        return value.isNumber() ? String.format(java.util.Locale.ROOT, "%.1f", value.asDouble()) : "-";
    }
}
