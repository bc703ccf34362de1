package io.weft.fabric.template;

/**
 * The answer to publishing a template to a gateway.
 *
 * @param created false when the gateway already held this version with the same digest (nothing changed)
 */
public record TemplatePublished(TemplateSummary template, boolean created)
{
}
