package io.weft.fabric.gateway;

/**
 * A call to a gateway that did not succeed, classified so that callers can tell "not there" (health: DOWN; an
 * execution may try another gateway) from "there, but said no" (REJECTED; the answer is final). The message
 * never contains the token.
 */
public final class GatewayCallException extends RuntimeException
{
    public enum Kind
    {
        /** No token is configured for the gateway; nothing was sent. */
        NO_TOKEN,
        /** The connection could not be opened; the request surely did not arrive. */
        CONNECT_FAILED,
        /** No answer in time; the request may or may not have been served. */
        TIMEOUT,
        /** The connection failed mid-way. */
        IO_ERROR,
        /** The gateway answered with an error status. */
        HTTP_ERROR,
        /** The gateway answered 2xx with a body we cannot read. */
        MALFORMED_RESPONSE
    }

    private final Kind kind;
    private final int httpStatus;
    private final String problemType;
    private final String problemTitle;

    public GatewayCallException(
        final Kind kind, final int httpStatus, final String problemType, final String problemTitle, final String detail)
    {
        super(detail, null, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.problemType = problemType;
        this.problemTitle = problemTitle;
    }

    public Kind kind()
    {
        return kind;
    }

    /** The gateway's status for {@link Kind#HTTP_ERROR}; 0 otherwise. */
    public int httpStatus()
    {
        return httpStatus;
    }

    /** The {@code type} URI of the gateway's problem+json answer, or null. */
    public String problemType()
    {
        return problemType;
    }

    public String problemTitle()
    {
        return problemTitle;
    }

    /** The gateway was not there (as opposed to there and refusing). */
    public boolean unavailable()
    {
        return kind == Kind.CONNECT_FAILED || kind == Kind.TIMEOUT || kind == Kind.IO_ERROR ||
            kind == Kind.HTTP_ERROR && httpStatus >= 500;
    }

    /** Unwraps the exception a {@code CompletableFuture} stage saw into a classified one. */
    public static GatewayCallException of(final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException ||
            cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayCallException call)
        {
            return call;
        }
        return new GatewayCallException(Kind.IO_ERROR, 0, null, null, describe(cause));
    }

    static String describe(final Throwable cause)
    {
        final String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
