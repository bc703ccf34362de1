package io.weft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.weft.fabric.FabricProblem;
import io.weft.fabric.GatewayDraft;
import io.weft.fabric.GroupDraft;
import io.weft.fabric.IdentifierRules;
import io.weft.fabric.gateway.ExecutionRequest;
import io.weft.fabric.template.TemplateDefinition;

import java.util.List;
import java.util.Locale;

/**
 * Reads Runtime Fabric and gateway API request bodies into the fabric's drafts and requests. Shape only: unknown
 * fields and wrong JSON types are refused here with the field's path; whether the values make sense (a known
 * environment, min not above max) is the registry's call, so that the rules live in one place.
 */
final class FabricRequestReader
{
    private static final List<String> GROUP_FIELDS = List.of(
        "groupId", "name", "environment", "region", "description", "expectedVersion", "requiredCapabilities",
        "minGateways", "maxGateways", "enabled");
    private static final List<String> GATEWAY_FIELDS = List.of(
        "gatewayId", "name", "url", "environment", "region", "serviceType", "enabled");
    private static final List<String> TEMPLATE_FIELDS = List.of("name", "version", "description", "parameters", "dag");
    private static final List<String> EXECUTION_FIELDS = List.of("template", "version", "parameters");

    private final JsonCodec json;

    FabricRequestReader(final JsonCodec json)
    {
        this.json = json;
    }

    GroupDraft group(final RestExchange exchange)
    {
        final JsonFields fields = new JsonFields(body(exchange), "$", GROUP_FIELDS);
        return new GroupDraft(
            fields.string("groupId"),
            fields.string("name"),
            fields.string("environment"),
            fields.string("region"),
            fields.string("description"),
            fields.string("expectedVersion"),
            fields.strings("requiredCapabilities"),
            fields.integer("minGateways"),
            fields.integer("maxGateways"),
            fields.bool("enabled"),
            fields.given());
    }

    GatewayDraft gateway(final RestExchange exchange)
    {
        final JsonNode body = body(exchange);
        if (body.isObject() && body.has("token"))
        {
            // The one unknown field worth its own answer: tokens never travel through the API.
            throw HttpProblem.of(
                    ProblemType.UNKNOWN_FIELD,
                    "tokens are not accepted over the API; set the environment variable GATEWAY_TOKEN_<ID> or add the " +
                    "token to the gateways file on every control-plane node")
                .withField("token")
                .toException();
        }
        final JsonFields fields = new JsonFields(body, "$", GATEWAY_FIELDS);
        return new GatewayDraft(
            fields.string("gatewayId"),
            fields.string("name"),
            fields.string("url"),
            fields.string("environment"),
            fields.string("region"),
            fields.string("serviceType"),
            fields.bool("enabled"),
            fields.given());
    }

    /** {@code {"gatewayId": "..."}}: the gateway to move into a group. */
    String assignment(final RestExchange exchange)
    {
        final JsonFields fields = new JsonFields(body(exchange), "$", List.of("gatewayId"));
        return fields.string("gatewayId");
    }

    TemplateDefinition template(final RestExchange exchange)
    {
        final JsonFields fields = new JsonFields(body(exchange), "$", TEMPLATE_FIELDS);
        final String name = IdentifierRules.requireTemplateName(fields.string("name"), "name");
        final String version = IdentifierRules.requireVersion(fields.string("version"), "version");
        final JsonNode dag = fields.object("dag");
        if (dag == null)
        {
            throw FabricProblem.MISSING_FIELD.exception("field 'dag' is required: a DAG submission with ${param} placeholders", "dag");
        }
        return new TemplateDefinition(name, version, fields.string("description"), fields.members("parameters"), dag);
    }

    /** An execution request; the gateway API insists on a version, the control plane can resolve one. */
    ExecutionRequest execution(final RestExchange exchange, final boolean versionRequired)
    {
        final JsonFields fields = new JsonFields(body(exchange), "$", EXECUTION_FIELDS);
        final String template = IdentifierRules.requireTemplateName(fields.string("template"), "template");
        final String version = fields.string("version");
        if (version != null || versionRequired)
        {
            IdentifierRules.requireVersion(version, "version");
        }
        return new ExecutionRequest(template, version, fields.members("parameters"));
    }

    /** The optional {@code {"executorClass": "ocr"}} of a pause or resume; null for the whole scheduler. */
    String executorClass(final RestExchange exchange)
    {
        if (!exchange.body().isReadable())
        {
            return null;
        }
        final JsonFields fields = new JsonFields(body(exchange), "$", List.of("executorClass"));
        final String executorClass = fields.string("executorClass");
        if (executorClass != null && executorClass.isBlank())
        {
            throw FabricProblem.INVALID_FIELD_VALUE.exception("executorClass must not be blank; leave it out to mean every class", "executorClass");
        }
        return executorClass;
    }

    private JsonNode body(final RestExchange exchange)
    {
        requireJson(exchange.header(HttpHeaderNames.CONTENT_TYPE));
        return json.readTree(exchange.body());
    }

    private static void requireJson(final String contentType)
    {
        if (contentType == null)
        {
            throw HttpProblem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the request has no Content-Type; send application/json")
                .toException();
        }
        final String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json"))
        {
            throw HttpProblem.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + Text.abbreviate(contentType, 100) + "' is not application/json")
                .toException();
        }
        for (int i = 1; i < parts.length; i++)
        {
            final String param = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (param.startsWith("charset=") && !param.equals("charset=utf-8") && !param.equals("charset=utf8"))
            {
                throw HttpProblem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "JSON must be UTF-8").toException();
            }
        }
    }
}
