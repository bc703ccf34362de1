package io.weft.rest;

/**
 * A report was asked for with a query that cannot be answered (an unknown window, a class for a node-wide
 * signal): the REST bridge answers 400 {@code invalid-query} with this message as the detail. Only this exception
 * is taken for the client's fault; any other failure is the server's.
 */
public final class InvalidReportQueryException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    public InvalidReportQueryException(final String message)
    {
        super(message);
    }
}
