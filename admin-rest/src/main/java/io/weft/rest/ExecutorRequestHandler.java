package io.weft.rest;

import io.weft.scheduler.api.SchedulerApi;

/**
 * {@code GET /api/v1/executors}. Offloaded like the DAG read: the view may be served from the grid on a node that
 * does not own the executor's class queue.
 */
final class ExecutorRequestHandler implements RequestHandler
{
    private final SchedulerApi api;
    private final ReadOffloader reads;

    ExecutorRequestHandler(final SchedulerApi api, final ReadOffloader reads)
    {
        this.api = api;
        this.reads = reads;
    }

    @Override
    public void handle(final RestExchange exchange)
    {
        reads.offload(exchange, () -> ResponseBodies.ExecutorList.of(api.executors()));
    }
}
