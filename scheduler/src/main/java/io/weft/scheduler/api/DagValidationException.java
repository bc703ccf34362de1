package io.weft.scheduler.api;

/**
 * A submission the scheduler will not accept. Carries what a problem+json body needs: a stable type slug, a
 * short title and a detail that names the offending job or field.
 */
public final class DagValidationException extends RuntimeException
{
    private final Problem problem;

    public DagValidationException(final Problem problem, final String detail)
    {
        super(detail);
        this.problem = problem;
    }

    public Problem problem()
    {
        return problem;
    }

    /** The kinds of invalid DAG, each with the HTTP status the REST bridge answers. */
    public enum Problem
    {
        EMPTY_DAG("empty-dag", "DAG has no jobs", 422),
        TOO_MANY_JOBS("too-many-jobs", "DAG has too many jobs", 422),
        MISSING_FIELD("missing-field", "Required field is missing", 400),
        INVALID_IDENTIFIER("invalid-identifier", "Identifier is not acceptable", 400),
        DUPLICATE_JOB_ID("duplicate-job-id", "Duplicate job id", 422),
        UNKNOWN_DEPENDENCY("unknown-dependency", "Job depends on an unknown job", 422),
        DEPENDENCY_CYCLE("dependency-cycle", "Dependencies form a cycle", 422),
        PAYLOAD_TOO_LARGE("payload-too-large", "Job payload exceeds the limit", 413),
        INVALID_TIMING("invalid-timing", "Deadlines or timeouts are inconsistent", 422);

        private final String slug;
        private final String title;
        private final int httpStatus;

        Problem(final String slug, final String title, final int httpStatus)
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
    }
}
