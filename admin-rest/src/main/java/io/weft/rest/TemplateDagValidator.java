package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.weft.fabric.template.TemplateDefinition;
import io.weft.fabric.template.TemplateInstantiator;
import io.weft.scheduler.api.DagPlan;
import io.weft.scheduler.api.DagSpec;
import io.weft.scheduler.api.DagValidationException;
import io.weft.scheduler.api.SchedulerApi;

import java.util.Map;

/**
 * Checks a template's DAG with the same reader and validator a direct submission goes through, so a template that
 * is accepted can run, and an instantiated one is refused for exactly the reasons a submission would be.
 *
 * <p>At publication the DAG is checked with every parameter that has a default filled in; a required
 * parameter's placeholder stays as text. So a parameter used where a number is expected (a priority) needs a
 * default; one used inside strings does not.
 */
final class TemplateDagValidator
{
    private final JsonCodec json;
    private final DagSubmissionReader reader;
    private final SchedulerApi api;

    TemplateDagValidator(final JsonCodec json, final SchedulerApi api)
    {
        this.json = json;
        this.reader = new DagSubmissionReader(json);
        this.api = api;
    }

    /** Throws the problem that makes the template unusable; returns it unchanged otherwise. */
    TemplateDefinition check(final TemplateDefinition template)
    {
        TemplateInstantiator.checkDeclared(template);
        final Map<String, JsonNode> trial = new java.util.HashMap<>();
        template.parameters().forEach((name, fallback) ->
        {
            if (template.isRequired(name))
            {
                trial.put(name, com.fasterxml.jackson.databind.node.TextNode.valueOf("${" + name + "}"));
            }
        });
        plan(TemplateInstantiator.instantiate(template, trial), template, "dag");
        return template;
    }

    /**
     * The instantiated DAG as a plan the scheduler accepts. A DAG without a name is named after its template, so
     * that the DAG's status page says where it came from.
     */
    DagPlan plan(final JsonNode dag, final TemplateDefinition template, final String fieldPrefix)
    {
        if (dag instanceof ObjectNode object && !object.hasNonNull("name"))
        {
            object.put("name", template.name() + "@" + template.version());
        }
        final DagSpec spec;
        try
        {
            spec = reader.read(Unpooled.wrappedBuffer(json.toCompactBytes(dag)));
        }
        catch (final HttpProblemException ex)
        {
            final HttpProblem problem = ex.problem();
            final String field = problem.field() == null || problem.field().equals("$") ? fieldPrefix : fieldPrefix + "." + problem.field();
            throw new HttpProblem(problem.slug(), problem.title(), problem.status(),
                "template " + template.name() + "@" + template.version() + ": " + problem.detail(), field, problem.headers())
                .toException();
        }
        try
        {
            return api.validate(spec);
        }
        catch (final DagValidationException ex)
        {
            final HttpProblem problem = HttpProblem.of(ex);
            throw new HttpProblem(problem.slug(), problem.title(), problem.status(),
                "template " + template.name() + "@" + template.version() + ": " + problem.detail(), fieldPrefix, problem.headers())
                .toException();
        }
    }
}
