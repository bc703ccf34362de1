package io.weft.fabric;

/**
 * A Runtime Fabric request that cannot be served: bad input, a missing resource, or a gateway's own refusal passed
 * on. Carries what a problem+json answer needs. Usually one of {@link FabricProblem}; a gateway's problem relayed
 * by the control plane keeps the gateway's type so the admin sees the real cause. No stack trace: this is an
 * expected outcome, not a fault.
 */
public final class FabricException extends RuntimeException
{
    private final String slug;
    private final String title;
    private final int httpStatus;
    private final String field;

    public FabricException(final FabricProblem problem, final String detail, final String field)
    {
        this(problem.slug(), problem.title(), problem.httpStatus(), detail, field);
    }

    public FabricException(final String slug, final String title, final int httpStatus, final String detail, final String field)
    {
        super(detail, null, false, false);
        this.slug = slug;
        this.title = title;
        this.httpStatus = httpStatus;
        this.field = field;
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

    /** Path of the offending request field, or null. */
    public String field()
    {
        return field;
    }
}
