package io.weft.rest;

import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.rest.events.EventBatch;
import io.weft.rest.events.EventFilter;
import io.weft.rest.events.EventItem;
import io.weft.rest.events.EventsApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /api/v1/events}: with {@code Accept: text/event-stream}, a live stream of server-sent events; otherwise
 * one JSON page of past events. A stream reads the grid's event buffer from where the client is
 * ({@code Last-Event-ID}, else {@code after}, else now), at most one batch at a time per client: a batch the client
 * has not taken off the socket within the slow-client time closes the stream, so a slow client holds one batch of
 * memory at most and costs the scheduler nothing. A comment line every heartbeat keeps proxies from closing an idle
 * stream.
 */
final class EventRequestHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(EventRequestHandler.class);
    static final int STREAM_BATCH = 256;
    private static final int MAX_PAGE = 1000;
    private static final int PAGE_SCAN_LIMIT = 50_000;
    private static final long PAGE_READ_TIMEOUT_MS = 5_000;

    private final EventsApi events;
    private final JsonCodec json;
    private final ReadOffloader reads;
    private final Timings timings;
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * How often an idle stream polls the buffer, how often it sends a heartbeat, how long a client may lag, and the
     * kernel's send buffer for a stream's socket (fixed, so a stalled client holds that much, not an auto-tuned
     * several megabytes, and is noticed by the time its batch is unread).
     */
    record Timings(long pollMs, long heartbeatMs, long slowClientMs, int sendBufferBytes, int maxStreams)
    {
    }

    EventRequestHandler(final EventsApi events, final JsonCodec json, final ReadOffloader reads, final Timings timings)
    {
        this.events = events;
        this.json = json;
        this.reads = reads;
        this.timings = timings;
    }

    void handle(final RestExchange exchange)
    {
        final EventFilter filter;
        final Long after;
        final Integer limit;
        try
        {
            final Map<String, List<String>> query = exchange.queryParams();
            filter = EventFilter.parse(query);
            after = longParam(query, "after", -1, Long.MAX_VALUE);
            final Long asked = longParam(query, "limit", 1, MAX_PAGE);
            limit = asked == null ? null : asked.intValue();
        }
        catch (final IllegalArgumentException ex)
        {
            throw HttpProblem.of(ProblemType.INVALID_QUERY, ex.getMessage()).toException();
        }
        final String accept = exchange.header(HttpHeaderNames.ACCEPT);
        if (accept != null && accept.contains("text/event-stream"))
        {
            stream(exchange, filter, startAfter(exchange, after));
        }
        else
        {
            reads.offload(exchange, () -> page(filter, after, limit == null ? 100 : limit));
        }
    }

    private long startAfter(final RestExchange exchange, final Long after)
    {
        final String lastEventId = exchange.header("Last-Event-ID");
        if (lastEventId != null && !lastEventId.isBlank())
        {
            try
            {
                return Long.parseLong(lastEventId.strip());
            }
            catch (final NumberFormatException ex)
            {
                throw HttpProblem.of(ProblemType.INVALID_QUERY, "Last-Event-ID must be an event id, not '"
                    + Text.abbreviate(lastEventId, 40) + "'").toException();
            }
        }
        return after != null ? after : EventsApi.FROM_NOW;
    }

    // ------------------------------------------------------------------------------------------ page

    /**
     * After {@code after}: the first {@code limit} matches, oldest first. Without it: the newest {@code limit}
     * matches, still oldest first. {@code next} continues forward either way.
     */
    private Object page(final EventFilter filter, final Long after, final int limit) throws Exception
    {
        final long oldest = events.oldestId();
        final long newest = events.newestId();
        final List<EventItem> found = new ArrayList<>();
        long next;
        long lostFrom = -1;
        long lostTo = -1;
        int scanned = 0;
        if (after != null)
        {
            long cursor = after;
            while (found.size() < limit && scanned < PAGE_SCAN_LIMIT)
            {
                final EventBatch batch = await(events.read(cursor, STREAM_BATCH));
                if (batch.lostSome() && lostFrom < 0)
                {
                    lostFrom = batch.lostFrom();
                    lostTo = batch.lostTo();
                }
                for (final EventItem event : batch.events())
                {
                    if (found.size() < limit && filter.matches(event))
                    {
                        found.add(event);
                    }
                    if (found.size() == limit)
                    {
                        break;
                    }
                }
                scanned += batch.events().size();
                cursor = found.size() == limit ? found.get(found.size() - 1).id() : batch.lastId();
                if (batch.events().isEmpty())
                {
                    break;
                }
            }
            next = cursor;
        }
        else
        {
            final Deque<EventItem> newestFirst = new ArrayDeque<>();
            long end = newest;
            while (end >= oldest && end >= 0 && newestFirst.size() < limit && scanned < PAGE_SCAN_LIMIT)
            {
                final long from = Math.max(oldest, end - STREAM_BATCH + 1);
                final EventBatch batch = await(events.read(from - 1, (int)(end - from + 1)));
                final List<EventItem> chunk = batch.events();
                for (int i = chunk.size() - 1; i >= 0 && newestFirst.size() < limit; i--)
                {
                    if (chunk.get(i).id() <= end && filter.matches(chunk.get(i)))
                    {
                        newestFirst.addLast(chunk.get(i));
                    }
                }
                scanned += chunk.size();
                end = from - 1;
            }
            newestFirst.descendingIterator().forEachRemaining(found::add);
            next = newest;
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        final List<Object> rendered = new ArrayList<>(found.size());
        found.forEach(event -> rendered.add(render(event)));
        body.put("events", rendered);
        body.put("next", Long.toString(next));
        body.put("oldestId", oldest < 0 ? null : Long.toString(oldest));
        body.put("newestId", newest < 0 ? null : Long.toString(newest));
        if (lostFrom >= 0)
        {
            body.put("lost", Map.of("from", Long.toString(lostFrom), "to", Long.toString(lostTo),
                "detail", "the buffer no longer holds these events"));
        }
        return body;
    }

    private static EventBatch await(final java.util.concurrent.CompletionStage<EventBatch> read) throws Exception
    {
        try
        {
            return read.toCompletableFuture().get(PAGE_READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }
        catch (final TimeoutException ex)
        {
            throw HttpProblem.of(ProblemType.OVERLOADED, "the event buffer did not answer in time")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1").toException();
        }
    }

    Map<String, Object> render(final EventItem event)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", Long.toString(event.id()));
        body.put("at", Instant.ofEpochMilli(event.atEpochMs()).toString());
        body.put("type", event.type());
        body.put("severity", event.severity().name());
        putIfSet(body, "dagId", event.dagId());
        putIfSet(body, "jobId", event.jobId());
        putIfSet(body, "deployment", event.deployment());
        putIfSet(body, "gateway", event.gateway());
        putIfSet(body, "group", event.group());
        putIfSet(body, "node", event.node());
        body.put("payload", new RawValue(event.payloadJson() == null || event.payloadJson().isEmpty() ? "{}" : event.payloadJson()));
        return body;
    }

    private static void putIfSet(final Map<String, Object> body, final String name, final String value)
    {
        if (value != null)
        {
            body.put(name, value);
        }
    }

    private static Long longParam(final Map<String, List<String>> query, final String name, final long min, final long max)
    {
        final List<String> values = query.get(name);
        if (values == null || values.isEmpty())
        {
            return null;
        }
        try
        {
            final long value = Long.parseLong(values.get(0).strip());
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + Text.abbreviate(values.get(0), 40) + "'");
        }
    }

    // ------------------------------------------------------------------------------------------ stream

    private void stream(final RestExchange exchange, final EventFilter filter, final long startAfter)
    {
        final HttpResponse head = new DefaultHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
            .set("X-Accel-Buffering", "no");
        if (open.incrementAndGet() > timings.maxStreams())
        {
            open.decrementAndGet();
            throw HttpProblem.of(ProblemType.OVERLOADED, "this node serves " + timings.maxStreams()
                    + " event streams already; try another node or again shortly")
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "5").toException();
        }
        if (exchange.startStream(head))
        {
            exchange.context().channel().closeFuture().addListener(f -> open.decrementAndGet());
            new Stream(exchange.context(), filter, startAfter).start();
        }
        else
        {
            open.decrementAndGet();
        }
    }

    /** One client's stream; every method runs on the connection's event loop. */
    private final class Stream
    {
        private final ChannelHandlerContext ctx;
        private final EventFilter filter;
        private long cursor;
        private long lastWriteMs;
        private boolean stopped;

        Stream(final ChannelHandlerContext ctx, final EventFilter filter, final long startAfter)
        {
            this.ctx = ctx;
            this.filter = filter;
            this.cursor = startAfter;
        }

        void start()
        {
            ctx.channel().closeFuture().addListener(f -> stopped = true);
            ctx.channel().config().setOption(io.netty.channel.ChannelOption.SO_SNDBUF, timings.sendBufferBytes());
            send("retry: 2000\n: weft event stream, " + (cursor == EventsApi.FROM_NOW ? "from now" : "after id " + cursor) + "\n\n");
            pump();
        }

        private void pump()
        {
            if (stopped || !ctx.channel().isActive())
            {
                return;
            }
            final java.util.concurrent.CompletionStage<EventBatch> read;
            try
            {
                read = events.read(cursor, STREAM_BATCH);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("event stream read failed; retrying", ex);
                later(timings.pollMs() * 5);
                return;
            }
            read.whenComplete((batch, failure) -> ctx.executor().execute(() -> {
                if (failure != null)
                {
                    LOG.debug("event stream read failed; retrying", failure);
                    later(timings.pollMs() * 5);
                }
                else
                {
                    deliver(batch);
                }
            }));
        }

        private void deliver(final EventBatch batch)
        {
            if (stopped)
            {
                return;
            }
            final StringBuilder text = new StringBuilder();
            if (batch.lostSome() || batch.reset())
            {
                final Map<String, Object> notice = new LinkedHashMap<>();
                notice.put("requestedAfter", cursor == EventsApi.FROM_NOW ? null : Long.toString(cursor));
                if (batch.lostSome())
                {
                    notice.put("lostFrom", Long.toString(batch.lostFrom()));
                    notice.put("lostTo", Long.toString(batch.lostTo()));
                }
                notice.put("detail", batch.reset()
                    ? "the event buffer restarted below the id asked for: the stream continues from its start"
                    : "the event buffer no longer holds these events: the stream continues from the oldest it holds");
                text.append("event: events.lost\ndata: ").append(new String(json.writeBytes(notice), StandardCharsets.UTF_8)).append("\n\n");
            }
            for (final EventItem event : batch.events())
            {
                if (filter.matches(event))
                {
                    text.append("id: ").append(event.id()).append('\n')
                        .append("event: ").append(event.type()).append('\n')
                        .append("data: ").append(new String(json.writeBytes(render(event)), StandardCharsets.UTF_8)).append("\n\n");
                }
            }
            cursor = batch.lastId();
            final long nowMs = System.currentTimeMillis();
            if (text.length() == 0 && nowMs - lastWriteMs >= timings.heartbeatMs())
            {
                text.append(": heartbeat ").append(Instant.ofEpochMilli(nowMs)).append("\n\n");
            }
            if (text.length() == 0)
            {
                later(batch.events().size() == STREAM_BATCH ? 0 : timings.pollMs());
                return;
            }
            final boolean full = batch.events().size() == STREAM_BATCH;
            final ChannelFuture written = send(text.toString());
            if (written.isDone())
            {
                later(full ? 0 : timings.pollMs());
                return;
            }
            // The socket did not take it all: wait for the client, but not for ever.
            final ScheduledFuture<?> slow = ctx.executor().schedule(() -> {
                if (!written.isDone() && !stopped)
                {
                    stopped = true;
                    events.slowClientDropped();
                    LOG.info("event stream to {} dropped: the client did not read {} ms of events", ctx.channel().remoteAddress(),
                        timings.slowClientMs());
                    ctx.close();
                }
            }, timings.slowClientMs(), TimeUnit.MILLISECONDS);
            written.addListener(f -> {
                slow.cancel(false);
                if (f.isSuccess())
                {
                    later(full ? 0 : timings.pollMs());
                }
            });
        }

        private void later(final long delayMs)
        {
            if (delayMs == 0)
            {
                ctx.executor().execute(this::pump);
            }
            else
            {
                ctx.executor().schedule(this::pump, delayMs, TimeUnit.MILLISECONDS);
            }
        }

        private ChannelFuture send(final String text)
        {
            lastWriteMs = System.currentTimeMillis();
            final ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            return ctx.writeAndFlush(new DefaultHttpContent(bytes));
        }
    }
}
