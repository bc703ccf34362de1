package io.weft.fabric.template;

import java.time.Instant;

/** A template in a gateway's list: enough to compare it with what the control plane published. */
public record TemplateSummary(String name, String version, String digest, Instant publishedAt)
{
}
