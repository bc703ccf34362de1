package io.weft.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.weft.fabric.gateway.SchedulerCommand;
import io.weft.scheduler.api.SchedulerApi;

/**
 * {@code POST /gateway/v1/scheduler/pause} and {@code /resume}, for the whole scheduler or one executor class.
 * The command is offered to the scheduler's ring without blocking, so the answer is 202: taken, applied by the
 * core right after. A full ring is 503 with Retry-After, as for a submission.
 */
final class GatewaySchedulerHandler
{
    private final SchedulerApi api;
    private final FabricRequestReader reader;

    GatewaySchedulerHandler(final SchedulerApi api, final FabricRequestReader reader)
    {
        this.api = api;
        this.reader = reader;
    }

    void pause(final RestExchange exchange)
    {
        final String executorClass = reader.executorClass(exchange);
        answer(exchange, "pause", executorClass, api.pause(executorClass));
    }

    void resume(final RestExchange exchange)
    {
        final String executorClass = reader.executorClass(exchange);
        answer(exchange, "resume", executorClass, api.resume(executorClass));
    }

    private static void answer(final RestExchange exchange, final String command, final String executorClass, final boolean taken)
    {
        if (!taken)
        {
            exchange.respondProblem(HttpProblem.of(ProblemType.OVERLOADED, "the scheduler's queue is full; retry the " + command)
                .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), DagRequestHandler.RETRY_AFTER_SECONDS));
            return;
        }
        FabricResponder.json(exchange, HttpResponseStatus.ACCEPTED, new SchedulerCommand(command, executorClass));
    }
}
