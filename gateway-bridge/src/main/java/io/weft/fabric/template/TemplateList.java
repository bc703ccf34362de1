package io.weft.fabric.template;

import java.util.List;

/** The answer of {@code GET /gateway/v1/templates}, sorted by name then version. */
public record TemplateList(List<TemplateSummary> templates)
{
    public TemplateList
    {
        templates = templates == null ? List.of() : List.copyOf(templates);
    }
}
