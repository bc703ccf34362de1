package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

/** The hybrid listener's pull and report, the issue of listener tokens, and the listener views. */
final class HybridRequestHandler
{
    private final HybridApi hybrid;
    private final ReadOffloader reads;
    private final JsonCodec json;

    HybridRequestHandler(final HybridApi hybrid, final ReadOffloader reads, final JsonCodec json)
    {
        this.hybrid = hybrid;
        this.reads = reads;
        this.json = json;
    }

    void intent(final RestExchange exchange)
    {
        final String token = listenerToken(exchange);
        reads.offload(exchange, () -> authenticated(() -> hybrid.intent(token)));
    }

    void applied(final RestExchange exchange)
    {
        final String token = listenerToken(exchange);
        // Read here, while the body is valid; the token is checked with the call, off the event loop (a grid read).
        final com.fasterxml.jackson.databind.JsonNode report = json.readTree(exchange.body());
        reads.offload(exchange, () -> authenticated(() -> hybrid.applied(token, report)));
    }

    void issueToken(final RestExchange exchange)
    {
        final String gatewayId = exchange.pathParam("gatewayId");
        final String principal = exchange.principal().name();
        reads.offload(exchange, HttpResponseStatus.CREATED, () -> ReadOffloader.found(() -> hybrid.issueToken(gatewayId, principal)));
    }

    void listener(final RestExchange exchange)
    {
        final String gatewayId = exchange.pathParam("gatewayId");
        reads.offload(exchange, () -> ReadOffloader.found(() -> hybrid.listener(gatewayId)));
    }

    void localListener(final RestExchange exchange)
    {
        reads.offload(exchange, hybrid::localListener);
    }

    private static String listenerToken(final RestExchange exchange)
    {
        final String token = AccessGuard.bearer(exchange.header(HttpHeaderNames.AUTHORIZATION));
        if (token == null)
        {
            throw unauthorized("the hybrid API needs 'Authorization: Bearer <listener token>' (POST /api/v1/hybrid/listeners/{gatewayId}/token issues one)");
        }
        return token;
    }

    private static Object authenticated(final Callable<Object> call) throws Exception
    {
        try
        {
            return call.call();
        }
        catch (final SecurityException ex)
        {
            throw unauthorized(ex.getMessage());
        }
        catch (final NoSuchElementException ex)
        {
            throw HttpProblem.of(ProblemType.NOT_FOUND, ex.getMessage()).toException();
        }
        catch (final IllegalArgumentException ex)
        {
            throw HttpProblem.of(ProblemType.INVALID_FIELD_VALUE, ex.getMessage()).toException();
        }
    }

    private static HttpProblemException unauthorized(final String detail)
    {
        return HttpProblem.of(ProblemType.UNAUTHORIZED, detail)
            .withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"weft-hybrid\"").toException();
    }
}
