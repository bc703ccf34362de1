package io.weft.transport.executor;

import java.util.Objects;

/**
 * Outcome of a job: success with optional result bytes, or failure with a retry hint and an error text.
 */
public final class JobResult
{
    private static final byte[] NO_RESULT = new byte[0];
    private static final JobResult SUCCESS = new JobResult(true, NO_RESULT, false, "");

    private final boolean success;
    private final byte[] result;
    private final boolean retryable;
    private final String error;

    private JobResult(final boolean success, final byte[] result, final boolean retryable, final String error)
    {
        this.success = success;
        this.result = result;
        this.retryable = retryable;
        this.error = error;
    }

    public static JobResult success()
    {
        return SUCCESS;
    }

    /**
     * @param result bytes sent back to the node in Succeeded; not copied, so do not change them afterwards.
     */
    public static JobResult success(final byte[] result)
    {
        return null == result || result.length == 0 ? SUCCESS : new JobResult(true, result, false, "");
    }

    public static JobResult failure(final boolean retryable, final String error)
    {
        return new JobResult(false, NO_RESULT, retryable, null == error ? "" : error);
    }

    public boolean isSuccess()
    {
        return success;
    }

    /**
     * @return the result bytes, empty when there are none or on failure.
     */
    public byte[] result()
    {
        return result;
    }

    /**
     * @return whether the scheduler may retry a failure; false on success.
     */
    public boolean isRetryable()
    {
        return retryable;
    }

    /**
     * @return the error text, empty on success.
     */
    public String error()
    {
        return error;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof JobResult))
        {
            return false;
        }
        final JobResult that = (JobResult)o;
        return success == that.success && retryable == that.retryable &&
            java.util.Arrays.equals(result, that.result) && error.equals(that.error);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(success, retryable, error) * 31 + java.util.Arrays.hashCode(result);
    }

    @Override
    public String toString()
    {
        return success ?
            "JobResult{success, resultBytes=" + result.length + "}" :
            "JobResult{failure, retryable=" + retryable + ", error='" + error + "'}";
    }
}
