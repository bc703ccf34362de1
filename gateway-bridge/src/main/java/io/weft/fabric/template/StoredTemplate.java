package io.weft.fabric.template;

import java.time.Instant;

/** A template as a gateway holds it: the definition, its content digest and when it was first published there. */
public record StoredTemplate(String name, String version, String digest, Instant publishedAt, TemplateDefinition definition)
{
    public TemplateSummary summary()
    {
        return new TemplateSummary(name, version, digest, publishedAt);
    }
}
