package io.weft.node.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON answers of a node with two classes, kept as files next to the tests. */
final class ReportFixtures
{
    private ReportFixtures()
    {
    }

    static JsonNode json(final String name)
    {
        try (InputStream in = ReportFixtures.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("no fixture " + name);
            }
            return ReportClient.JSON.readTree(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
