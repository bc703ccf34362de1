package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.weft.fabric.FabricProblem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the gateway API with the node's bearer token. The comparison takes the same time whatever the first
 * differing byte, so the token cannot be guessed byte by byte from response times. A refusal is a 401 with a
 * {@code WWW-Authenticate: Bearer} challenge (RFC 6750); neither the expected nor the presented token appears in
 * the answer or the log.
 */
final class GatewayAuthFilter
{
    static final String REALM = "weft-gateway";

    private final byte[] expected;

    GatewayAuthFilter(final String token)
    {
        if (token == null || token.isEmpty())
        {
            throw new IllegalArgumentException("the gateway API needs a token");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    RequestHandler protect(final RequestHandler handler)
    {
        return exchange ->
        {
            final String presented = AccessGuard.bearer(exchange.header(HttpHeaderNames.AUTHORIZATION));
            if (presented == null)
            {
                throw refusal("the gateway API needs an 'Authorization: Bearer <token>' header", "Bearer realm=\"" + REALM + "\"");
            }
            if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8)))
            {
                throw refusal("the bearer token is not valid for this gateway",
                    "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
            }
            handler.handle(exchange);
        };
    }

    private static HttpProblemException refusal(final String detail, final String challenge)
    {
        return FabricResponder.problemOf(FabricProblem.UNAUTHORIZED.exception(detail))
            .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), challenge)
            .toException();
    }
}
