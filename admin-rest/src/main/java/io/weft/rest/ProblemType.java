package io.weft.rest;

/**
 * The problems the HTTP layer itself reports. Slugs are part of the public contract (clients switch on the type
 * URI), so they never change once published; docs/api/openapi.yaml lists them. DAG validation problems come from
 * the scheduler's {@code DagValidationException.Problem} and are not repeated here.
 */
enum ProblemType
{
    MALFORMED_JSON("malformed-json", "Request body is not valid JSON", 400),
    UNKNOWN_FIELD("unknown-field", "Request body has an unknown field", 400),
    INVALID_FIELD_TYPE("invalid-field-type", "Field has the wrong JSON type", 400),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Content type is not supported", 415),
    REQUEST_TOO_LARGE("request-too-large", "Request body exceeds the limit", 413),
    EXPECTATION_FAILED("expectation-failed", "Expectation not supported", 417),
    INVALID_FIELD_VALUE("invalid-field-value", "Field has a value outside its allowed set", 400),
    INVALID_RETRY_POLICY("invalid-retry-policy", "Retry policy is out of range", 422),
    INVALID_QUERY("invalid-query", "Query parameter is not valid", 400),
    INVALID_ID("invalid-id", "Identifier is not valid", 400),
    DAG_NOT_FOUND("dag-not-found", "DAG not found", 404),
    JOB_NOT_FOUND("job-not-found", "Job not found", 404),
    ALREADY_FINISHED("already-finished", "Already finished", 409),
    DUPLICATE_REFERENCE("duplicate-reference", "Reference key already used", 409),
    NOT_FOUND("not-found", "No such resource", 404),
    UNAUTHORIZED("unauthorized", "A valid bearer token is needed", 401),
    FORBIDDEN("forbidden", "The token's role does not allow this", 403),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    OVERLOADED("overloaded", "Server is overloaded", 503),
    SUBMISSION_FAILED("submission-failed", "Submission was not persisted", 503),
    NO_OWNER("no-owner", "No node owns the scheduler right now", 503),
    OWNER_UNREACHABLE("owner-unreachable", "The scheduler's owner did not answer", 503),
    SUBMISSION_TIMEOUT("submission-timeout", "Submission was not confirmed in time", 504),
    BAD_REQUEST("bad-request", "Malformed HTTP request", 400),
    BAD_HOST("bad-host", "Host header missing or repeated", 400),
    REQUEST_TIMEOUT("request-timeout", "Request did not arrive in time", 408),
    HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", "HTTP version not supported", 505),
    URI_TOO_LONG("uri-too-long", "Request line is too long", 414),
    HEADERS_TOO_LARGE("headers-too-large", "Request headers are too large", 431),
    INTERNAL_ERROR("internal-error", "Internal server error", 500);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(final String slug, final String title, final int status)
    {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    String slug()
    {
        return slug;
    }

    String title()
    {
        return title;
    }

    int status()
    {
        return status;
    }
}
