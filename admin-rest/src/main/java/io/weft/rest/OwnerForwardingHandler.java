package io.weft.rest;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Serves a call that only the scheduler's owner can answer: here when this node owns it, otherwise by handing the
 * request as it came to the owner's REST bridge and the owner's answer back as it went, status, body and the
 * headers that matter. The event loop never waits: the forward is asynchronous. A request that arrives already
 * forwarded is never forwarded again (ownership is moving; the caller retries), so nothing loops.
 */
final class OwnerForwardingHandler implements RequestHandler
{
    static final String FORWARDED_HEADER = "X-Weft-Forwarded-By";
    private static final Logger LOG = LoggerFactory.getLogger(OwnerForwardingHandler.class);
    private static final List<String> REQUEST_HEADERS =
        List.of("Content-Type", "Accept", "Authorization", "Idempotency-Key");
    private static final List<String> RESPONSE_HEADERS =
        List.of("Content-Type", "Location", "Retry-After", "WWW-Authenticate", "Allow");

    private final RequestHandler local;
    private final OwnerRouting routing;
    private final HttpClient client;
    private final String nodeId;
    private final Duration timeout;
    private final Kind kind;

    OwnerForwardingHandler(
        final RequestHandler local, final OwnerRouting routing, final HttpClient client, final String nodeId, final Duration timeout)
    {
        this(local, routing, client, nodeId, timeout, Kind.SCHEDULER);
    }

    OwnerForwardingHandler(
        final RequestHandler local,
        final OwnerRouting routing,
        final HttpClient client,
        final String nodeId,
        final Duration timeout,
        final Kind kind)
    {
        this.kind = kind;
        this.local = local;
        this.routing = routing;
        this.client = client;
        this.nodeId = nodeId;
        this.timeout = timeout;
    }

    /** What decides who serves a call: the scheduler's owner, the owner of the DAG in the path, or the submission. */
    enum Kind
    {
        SCHEDULER, DAG, SUBMIT
    }

    private OwnerRouting.Target target(final RestExchange exchange)
    {
        return switch (kind)
        {
            case SCHEDULER -> routing.target();
            case DAG -> {
                final long dagId;
                try
                {
                    dagId = Long.parseLong(exchange.pathParam("id"));
                }
                catch (final RuntimeException ex)
                {
                    yield OwnerRouting.Target.LOCAL; // not a DAG id: the local handler answers the 4xx
                }
                yield routing.dagTarget(dagId);
            }
            case SUBMIT -> routing.submitTarget(exchange.header("Idempotency-Key") != null || mentionsReferenceKey(exchange));
        };
    }

    private static boolean mentionsReferenceKey(final RestExchange exchange)
    {
        return ByteBufUtil.indexOf(REFERENCE_KEY, exchange.body()) >= 0;
    }

    private static final io.netty.buffer.ByteBuf REFERENCE_KEY =
        Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("\"referenceKey\"", java.nio.charset.StandardCharsets.US_ASCII));

    @Override
    public void handle(final RestExchange exchange) throws Exception
    {
        final OwnerRouting.Target target = target(exchange);
        if (target.local())
        {
            local.handle(exchange);
            return;
        }
        if (target.baseUrl() == null || exchange.header(FORWARDED_HEADER) != null)
        {
            exchange.respondProblem(HttpProblem.of(ProblemType.NO_OWNER,
                    "no node owns the scheduler right now (a takeover is under way); retry in a second")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
            return;
        }
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + exchange.uri()))
            .timeout(timeout)
            .header(FORWARDED_HEADER, nodeId)
            .method(exchange.method().name(), exchange.body().readableBytes() == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(ByteBufUtil.getBytes(exchange.body())));
        for (final String name : REQUEST_HEADERS)
        {
            final String value = exchange.header(name);
            if (value != null)
            {
                request.header(name, value);
            }
        }
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            if (failure != null)
            {
                LOG.debug("forwarding {} {} to {} failed", exchange.method(), exchange.path(), target.baseUrl(), failure);
                exchange.respondProblem(HttpProblem.of(ProblemType.OWNER_UNREACHABLE,
                        "the node that owns the scheduler (" + target.baseUrl() + ") did not answer: " + failure.getClass().getSimpleName()
                            + "; a submission may or may not have been taken, so retry it with its reference key")
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
                return;
            }
            exchange.respond(relay(response));
        });
    }

    private static FullHttpResponse relay(final HttpResponse<byte[]> answer)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.statusCode()), Unpooled.wrappedBuffer(answer.body()));
        for (final String name : RESPONSE_HEADERS)
        {
            answer.headers().firstValue(name).ifPresent(value -> response.headers().set(name, value));
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        return response;
    }
}
