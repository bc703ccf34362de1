package io.weft.rest;

/**
 * Carries an {@link HttpProblem} out of parsing and handler code to the one place that answers it. Bad input is an
 * expected outcome, not a fault, so no stack trace is captured.
 */
final class HttpProblemException extends RuntimeException
{
    private final HttpProblem problem;

    HttpProblemException(final HttpProblem problem)
    {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    HttpProblem problem()
    {
        return problem;
    }
}
