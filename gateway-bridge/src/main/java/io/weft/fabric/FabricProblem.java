package io.weft.fabric;

/**
 * The ways a Runtime Fabric request can fail, each with the HTTP status the REST bridge answers. Slugs are part of
 * the public contract (clients switch on the problem type URI) and are listed in docs/api/openapi.yaml.
 */
public enum FabricProblem
{
    MISSING_FIELD("missing-field", "Required field is missing", 400),
    INVALID_FIELD_VALUE("invalid-field-value", "Field has a value outside its allowed set", 400),
    DUPLICATE_ID("duplicate-id", "Identifier is already taken", 409),
    GROUP_NOT_FOUND("group-not-found", "Fabric group not found", 404),
    GATEWAY_NOT_FOUND("gateway-not-found", "Gateway not found", 404),
    EXECUTION_NOT_FOUND("execution-not-found", "Execution not found", 404),
    SYSTEM_GROUP("system-group", "System default groups cannot be changed this way", 409),
    GROUP_FULL("group-full", "Fabric group is at its maximum number of gateways", 409),
    GATEWAY_TOKEN_MISSING("gateway-token-missing", "No token is configured for the gateway", 422),
    TEMPLATE_NOT_PUBLISHED("template-not-published", "Template is not published to the group", 422),
    NO_ELIGIBLE_GATEWAY("no-eligible-gateway", "No gateway of the group can take the execution", 503),
    GATEWAY_FAILED("gateway-failed", "The gateway could not be reached or failed the request", 502),
    UNAUTHORIZED("unauthorized", "Missing or invalid bearer token", 401),
    INVALID_TEMPLATE("invalid-template", "Template is not valid", 422),
    TEMPLATE_CONFLICT("template-conflict", "Template version exists with other content", 409),
    TEMPLATE_NOT_FOUND("template-not-found", "Template not found", 404),
    MISSING_PARAMETER("missing-parameter", "Template parameter is missing", 422),
    UNKNOWN_PARAMETER("unknown-parameter", "Template parameter is not declared", 422);

    private final String slug;
    private final String title;
    private final int httpStatus;

    FabricProblem(final String slug, final String title, final int httpStatus)
    {
        this.slug = slug;
        this.title = title;
        this.httpStatus = httpStatus;
    }

    public String slug()
    {
        return slug;
    }

    public String title()
    {
        return title;
    }

    public int httpStatus()
    {
        return httpStatus;
    }

    public FabricException exception(final String detail)
    {
        return new FabricException(this, detail, null);
    }

    public FabricException exception(final String detail, final String field)
    {
        return new FabricException(this, detail, field);
    }
}
