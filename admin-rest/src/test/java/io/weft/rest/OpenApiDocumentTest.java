package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.weft.scheduler.api.DagValidationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/api/openapi.yaml in step with the code: every route the server serves is documented under its
 * method, and every problem type the server can answer is listed; and the file is YAML that a parser accepts, with
 * every path documented by the server's routes present as a parsed key.
 */
class OpenApiDocumentTest
{
    private static final Path DOCUMENT =
        Path.of(System.getProperty("basedir", ".")).resolve("../docs/api/openapi.yaml").normalize();

    @Test
    void theDocumentParsesAsYamlWithEveryRouteAsAPath() throws IOException
    {
        final JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        assertTrue(document.path("openapi").asText().startsWith("3.1"), "OpenAPI 3.1 expected");
        final JsonNode paths = document.path("paths");
        final RouteTable withReports = allRoutes();
        for (final RouteTable.Route route : withReports.routes())
        {
            assertTrue(paths.path(route.template()).has(route.method().name().toLowerCase(Locale.ROOT)),
                route.method() + " " + route.template() + " is not in the parsed document");
        }
    }

    @Test
    void everyRouteIsDocumentedUnderItsMethod() throws IOException
    {
        final String yaml = Files.readString(DOCUMENT);
        assertTrue(yaml.startsWith("openapi: 3.1"), "OpenAPI 3.1 document expected at " + DOCUMENT);

        final RouteTable withReports = allRoutes();
        for (final RouteTable.Route route : withReports.routes())
        {
            final String key = "\n  " + route.template() + ":\n";
            final int start = yaml.indexOf(key);
            assertTrue(start >= 0, route.template() + " is not documented");
            final int end = yaml.indexOf("\n  /", start + key.length());
            final String pathItem = yaml.substring(start, end < 0 ? yaml.length() : end);
            final String method = "\n    " + route.method().name().toLowerCase(Locale.ROOT) + ":";
            assertTrue(pathItem.contains(method), route.method() + " " + route.template() + " is not documented");
        }
    }

    /** Every route a fully equipped node serves, the gateway API and fabric control plane aside. */
    private static RouteTable allRoutes()
    {
        final RouteTable routes = RestServer.routes(
            new DagRequestHandler(null, null, null, 1), exchange -> { }, exchange -> { },
            new CancelRequestHandler(null, null), new SchedulerRequestHandler(null), new JobListingRequestHandler(null, null),
            new DagPauseRequestHandler(null, null), exchange -> { });
        return RestServer.withHybrid(RestServer.withEvents(RestServer.withDeployments(RestServer.withAudit(
            RestServer.withReports(routes, new ReportRequestHandler(null, null, null)), new AuditRequestHandler(null, null)),
            new DeploymentRequestHandler(null, null, null)), new EventRequestHandler(null, null, null, null)), new HybridRequestHandler(null, null, null));
    }

    @Test
    void everyProblemTypeIsDocumented() throws IOException
    {
        final String yaml = Files.readString(DOCUMENT);
        for (final ProblemType type : ProblemType.values())
        {
            assertTrue(yaml.contains(type.slug()), "problem type " + type.slug() + " is not documented");
        }
        for (final DagValidationException.Problem problem : DagValidationException.Problem.values())
        {
            assertTrue(yaml.contains(problem.slug()), "problem type " + problem.slug() + " is not documented");
        }
    }

    @Test
    void theJobStatusSchemaNamesEveryFieldTheServerWrites() throws IOException
    {
        final JsonNode properties = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile())
            .path("components").path("schemas").path("JobStatus").path("properties");
        for (final RecordComponent component : ResponseBodies.JobStatus.class.getRecordComponents())
        {
            assertTrue(properties.has(component.getName()), "JobStatus." + component.getName() + " is not documented");
        }
    }
}
