package io.weft.fabric;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build of Weft reports, from a resource Maven fills in at build time. */
public final class WeftVersion
{
    private static final String FALLBACK = "unknown";

    private WeftVersion()
    {
    }

    public static String current()
    {
        try (InputStream in = WeftVersion.class.getResourceAsStream("weft-version.properties"))
        {
            if (in == null)
            {
                return FALLBACK;
            }
            final Properties properties = new Properties();
            properties.load(in);
            final String version = properties.getProperty("version", FALLBACK).trim();
            // An unfiltered resource (running from an IDE without Maven) still says ${project.version}.
            return version.isEmpty() || version.startsWith("${") ? FALLBACK : version;
        }
        catch (final IOException ex)
        {
            return FALLBACK;
        }
    }
}
