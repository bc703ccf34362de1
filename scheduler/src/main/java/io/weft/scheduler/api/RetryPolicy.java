package io.weft.scheduler.api;

/**
 * How a job retries after a retryable failure or a lost attempt: exponential backoff with jitter. The delay
 * before attempt n+1 is min(maxBackoffMs, initialBackoffMs * multiplier^(n-1)), spread by +/- jitter of itself.
 *
 * @param maxAttempts      attempts in all, the first included; 1 means never retry
 * @param initialBackoffMs delay before the second attempt
 * @param multiplier       growth of the delay per attempt, at least 1
 * @param maxBackoffMs     cap on the delay
 * @param jitter           fraction of the delay to randomise, 0 to 1
 */
public record RetryPolicy(int maxAttempts, long initialBackoffMs, double multiplier, long maxBackoffMs, double jitter)
{
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1_000, 2.0, 60_000, 0.2);

    public RetryPolicy
    {
        if (maxAttempts < 1)
        {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoffMs < 0 || maxBackoffMs < 0)
        {
            throw new IllegalArgumentException("backoff must not be negative");
        }
        if (multiplier < 1.0 || Double.isNaN(multiplier))
        {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (jitter < 0.0 || jitter > 1.0 || Double.isNaN(jitter))
        {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /**
     * The delay before the attempt after {@code attemptsMade}, given a uniform random number in [0, 1).
     */
    public long backoffMs(final int attemptsMade, final double random)
    {
        final double base = Math.min((double)maxBackoffMs, initialBackoffMs * Math.pow(multiplier, Math.max(0, attemptsMade - 1)));
        final double spread = base * jitter * (2 * random - 1);
        return Math.max(0, Math.round(base + spread));
    }
}
