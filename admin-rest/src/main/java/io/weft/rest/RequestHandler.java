package io.weft.rest;

/**
 * Answers the requests of one route. Runs on the connection's event loop, so an implementation must not block:
 * it either responds at once or hands the work off and responds later through the exchange. Throwing an
 * {@link HttpProblemException} answers with that problem; any other exception answers 500.
 */
@FunctionalInterface
interface RequestHandler
{
    void handle(RestExchange exchange) throws Exception;
}
