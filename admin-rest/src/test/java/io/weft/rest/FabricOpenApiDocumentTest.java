package io.weft.rest;

import io.weft.fabric.FabricProblem;
import io.weft.fabric.GatewayIdentity;
import io.weft.fabric.ServiceType;
import io.weft.fabric.control.FabricControlPlane;
import io.weft.fabric.gateway.GatewayTokenResolver;
import io.weft.fabric.store.FabricStores;
import io.weft.fabric.store.InMemoryRecordStore;
import io.weft.fabric.template.TemplateCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/api/openapi.yaml in step with the Runtime Fabric: every gateway API and control-plane route is
 * documented under its method, and every fabric problem type is listed. The same text check as
 * {@link OpenApiDocumentTest}, over the routes {@link FabricEndpoints} adds.
 */
class FabricOpenApiDocumentTest
{
    private static final Path DOCUMENT =
        Path.of(System.getProperty("basedir", ".")).resolve("../docs/api/openapi.yaml").normalize();

    @Test
    void everyFabricRouteIsDocumentedUnderItsMethod() throws IOException
    {
        final String yaml = Files.readString(DOCUMENT);
        try (FabricControlPlane controlPlane = FabricControlPlane.start(new FabricControlPlane.Context()
                .stores(FabricStores.inMemory())
                .tokens(new GatewayTokenResolver(Map.of(), null, Map.of())));
             FabricEndpoints endpoints = FabricEndpoints.builder()
                .gatewayToken("t")
                .identity(new GatewayIdentity("c", "n", "v", List.of(), ServiceType.READ_WRITE))
                .templates(new TemplateCatalog(new InMemoryRecordStore<>(), Clock.systemUTC()))
                .controlPlane(controlPlane)
                .build();
             FakeSchedulerApi api = new FakeSchedulerApi())
        {
            final RouteTable routes = endpoints.extend(RouteTable.builder().build(), new JsonCodec(), api, 1);
            assertTrue(routes.routes().size() > 30, "gateway API and control plane routes expected");
            for (final RouteTable.Route route : routes.routes())
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
    }

    @Test
    void everyFabricProblemTypeIsDocumented() throws IOException
    {
        final String yaml = Files.readString(DOCUMENT);
        for (final FabricProblem problem : FabricProblem.values())
        {
            assertTrue(yaml.contains("`" + problem.slug() + "`"), "problem type " + problem.slug() + " is not documented");
        }
    }
}
