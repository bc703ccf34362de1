package io.weft.rest;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.weft.scheduler.api.IdentifierText;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The capacity planner's endpoints: latency signals (JSON, hgrm text, PNG plots), capacity, and the Prometheus
 * scrape. Each answer is computed off the event loop, since it may ask the other nodes or draw a picture.
 */
final class ReportRequestHandler
{
    static final String IMAGE_PNG = "image/png";
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final Set<String> LATENCY_PARAMS = Set.of("class", "window", "format", "scope");
    private static final Set<String> PLOT_PARAMS = Set.of("class", "window");

    private final ReportsApi reports;
    private final ReadOffloader reads;
    private final JsonResponses responses;

    ReportRequestHandler(final ReportsApi reports, final ReadOffloader reads, final JsonResponses responses)
    {
        this.reports = reports;
        this.reads = reads;
        this.responses = responses;
    }

    void catalog(final RestExchange exchange)
    {
        only(exchange, Set.of());
        offload(exchange, () -> responses.json(HttpResponseStatus.OK, reports.latencyCatalog()));
    }

    void latency(final RestExchange exchange)
    {
        final Map<String, List<String>> params = only(exchange, LATENCY_PARAMS);
        final String signal = exchange.pathParam("signal");
        final String executorClass = executorClass(params);
        final String window = single(params, "window");
        final String format = single(params, "format");
        final boolean thisNode = "node".equals(single(params, "scope"));
        if (format != null && !format.equals("json") && !format.equals("hgrm"))
        {
            throw invalid("format must be json or hgrm, not '" + Text.abbreviate(format, 20) + "'");
        }
        if (single(params, "scope") != null && !thisNode)
        {
            throw invalid("scope must be node (this node's histogram alone) or absent (the whole cluster)");
        }
        if ("hgrm".equals(format))
        {
            offload(exchange, () -> raw(TEXT_PLAIN, reports.latencyHgrm(signal, executorClass, window).getBytes(StandardCharsets.UTF_8)));
        }
        else if (thisNode)
        {
            offload(exchange, () -> responses.json(HttpResponseStatus.OK, reports.latencyOfThisNode(signal, executorClass, window)));
        }
        else
        {
            offload(exchange, () -> responses.json(HttpResponseStatus.OK, reports.latency(signal, executorClass, window)));
        }
    }

    void latencyPlot(final RestExchange exchange)
    {
        final Map<String, List<String>> params = only(exchange, PLOT_PARAMS);
        final String signal = exchange.pathParam("signal");
        final String executorClass = executorClass(params);
        final String window = single(params, "window");
        offload(exchange, () -> raw(IMAGE_PNG, reports.latencyPlot(signal, executorClass, window)));
    }

    void capacity(final RestExchange exchange)
    {
        final String window = single(only(exchange, Set.of("window")), "window");
        offload(exchange, () -> responses.json(HttpResponseStatus.OK, reports.capacity(window)));
    }

    void capacityPlot(final RestExchange exchange)
    {
        final Map<String, List<String>> params = only(exchange, Set.of("class"));
        final String executorClass = executorClass(params);
        if (executorClass == null)
        {
            throw invalid("class is required: the plot shows one class's utilisation");
        }
        offload(exchange, () -> raw(IMAGE_PNG, reports.capacityPlot(executorClass)));
    }

    void prometheus(final RestExchange exchange)
    {
        only(exchange, Set.of());
        offload(exchange, () -> raw(reports.prometheusContentType(), reports.prometheus().getBytes(StandardCharsets.UTF_8)));
    }

    private void offload(final RestExchange exchange, final Callable<FullHttpResponse> answer)
    {
        reads.offloadResponse(exchange, () -> {
            try
            {
                return answer.call();
            }
            catch (final InvalidReportQueryException ex)
            {
                throw invalid(ex.getMessage());
            }
            catch (final NoSuchElementException ex)
            {
                throw HttpProblem.of(ProblemType.NOT_FOUND, ex.getMessage()).toException();
            }
        });
    }

    private static FullHttpResponse raw(final String contentType, final byte[] body)
    {
        final FullHttpResponse response =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    /** The query's parameters, refusing any this endpoint does not know and any given twice. */
    private static Map<String, List<String>> only(final RestExchange exchange, final Set<String> allowed)
    {
        final Map<String, List<String>> params;
        try
        {
            params = exchange.queryParams();
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid("the query is not valid percent-encoding");
        }
        for (final Map.Entry<String, List<String>> param : params.entrySet())
        {
            if (!allowed.contains(param.getKey()))
            {
                throw invalid("unknown query parameter '" + Text.abbreviate(param.getKey(), 40) + "'"
                    + (allowed.isEmpty() ? "; this endpoint takes none" : "; allowed: " + String.join(", ", allowed.stream().sorted().toList())));
            }
            if (param.getValue().size() > 1)
            {
                throw invalid("query parameter '" + param.getKey() + "' is given more than once");
            }
        }
        return params;
    }

    private static String single(final Map<String, List<String>> params, final String name)
    {
        final List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@code class=all} or no class: every class together. */
    private static String executorClass(final Map<String, List<String>> params)
    {
        final String executorClass = single(params, "class");
        if (executorClass == null || executorClass.equals("all"))
        {
            return null;
        }
        final String problem = IdentifierText.problem(executorClass);
        if (problem != null)
        {
            throw invalid("class " + problem);
        }
        return executorClass;
    }

    private static HttpProblemException invalid(final String detail)
    {
        return HttpProblem.of(ProblemType.INVALID_QUERY, detail).toException();
    }
}
