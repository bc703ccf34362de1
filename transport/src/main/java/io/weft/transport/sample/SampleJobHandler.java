package io.weft.transport.sample;

import io.weft.transport.executor.JobContext;
import io.weft.transport.executor.JobHandler;
import io.weft.transport.executor.JobResult;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A handler for demos, tests and load generation. The behaviour comes from the payload's JSON field "op" when
 * present, else from the executor class name:
 * <ul>
 *     <li>{@code noop}: succeed at once (also for an unknown op);</li>
 *     <li>{@code sleep}: sleep {@code "ms"} milliseconds (default 10);</li>
 *     <li>{@code echo}: succeed with the payload as the result;</li>
 *     <li>{@code cpu}: burn CPU for {@code "ms"} milliseconds (default 10);</li>
 *     <li>{@code fail}: fail, retryable as {@code "retryable"} says (default false).</li>
 * </ul>
 * The few fields are pulled out by hand so that the transport module needs no JSON library.
 */
public final class SampleJobHandler implements JobHandler
{
    static final long DEFAULT_MS = 10;

    /** Only the start of a payload is searched for fields, so large echo payloads cost no parsing. */
    static final int MAX_SCAN_BYTES = 4096;

    /** What to do with a job. */
    public enum Op
    {
        NOOP, SLEEP, ECHO, CPU, FAIL
    }

    private volatile long sink;

    @Override
    public JobResult handle(final JobContext job) throws Exception
    {
        final String json = scanText(job.payload());
        switch (op(json, job.executorClass()))
        {
            case SLEEP:
                Thread.sleep(longField(json, "ms", DEFAULT_MS));
                return JobResult.success();
            case ECHO:
                return JobResult.success(job.payload());
            case CPU:
                burnCpu(longField(json, "ms", DEFAULT_MS));
                return JobResult.success();
            case FAIL:
                return JobResult.failure(booleanField(json, "retryable", false), "requested failure");
            case NOOP:
            default:
                return JobResult.success();
        }
    }

    /**
     * @return the op named by the payload's "op" field, else by the executor class; {@link Op#NOOP} if unknown.
     */
    public static Op op(final String json, final String executorClass)
    {
        final String named = stringField(json, "op");
        final Op fromPayload = parseOp(named);
        if (null != fromPayload)
        {
            return fromPayload;
        }
        if (null != named)
        {
            return Op.NOOP;
        }
        final Op fromClass = parseOp(executorClass);
        return null != fromClass ? fromClass : Op.NOOP;
    }

    private static Op parseOp(final String name)
    {
        if (null == name)
        {
            return null;
        }
        switch (name.trim().toLowerCase(Locale.ROOT))
        {
            case "noop":
                return Op.NOOP;
            case "sleep":
                return Op.SLEEP;
            case "echo":
                return Op.ECHO;
            case "cpu":
                return Op.CPU;
            case "fail":
                return Op.FAIL;
            default:
                return null;
        }
    }

    static String scanText(final byte[] payload)
    {
        if (null == payload || payload.length == 0)
        {
            return "";
        }
        return new String(payload, 0, Math.min(payload.length, MAX_SCAN_BYTES), StandardCharsets.UTF_8);
    }

    /**
     * @return the string value of {@code "name": "value"}, or null when absent or not a string.
     */
    static String stringField(final String json, final String name)
    {
        final int valueStart = valueStart(json, name);
        if (valueStart < 0 || valueStart >= json.length() || json.charAt(valueStart) != '"')
        {
            return null;
        }
        final StringBuilder value = new StringBuilder();
        for (int i = valueStart + 1; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length())
            {
                value.append(json.charAt(++i));
            }
            else if (c == '"')
            {
                return value.toString();
            }
            else
            {
                value.append(c);
            }
        }
        return null;
    }

    /**
     * @return the integer value of {@code "name": 123} (a quoted number is accepted too), else the default.
     */
    static long longField(final String json, final String name, final long defaultValue)
    {
        int i = valueStart(json, name);
        if (i < 0)
        {
            return defaultValue;
        }
        if (i < json.length() && json.charAt(i) == '"')
        {
            i++;
        }
        final int start = i;
        if (i < json.length() && json.charAt(i) == '-')
        {
            i++;
        }
        while (i < json.length() && Character.isDigit(json.charAt(i)))
        {
            i++;
        }
        try
        {
            return i > start ? Long.parseLong(json.substring(start, i)) : defaultValue;
        }
        catch (final NumberFormatException ex)
        {
            return defaultValue;
        }
    }

    /**
     * @return the value of {@code "name": true|false} (quoted accepted too), else the default.
     */
    static boolean booleanField(final String json, final String name, final boolean defaultValue)
    {
        int i = valueStart(json, name);
        if (i < 0)
        {
            return defaultValue;
        }
        if (i < json.length() && json.charAt(i) == '"')
        {
            i++;
        }
        if (json.startsWith("true", i))
        {
            return true;
        }
        if (json.startsWith("false", i))
        {
            return false;
        }
        return defaultValue;
    }

    /**
     * Index of the first non-blank character after {@code "name" :}, skipping occurrences of the quoted name that
     * are values rather than keys; -1 when there is no such key.
     */
    private static int valueStart(final String json, final String name)
    {
        if (null == json || json.isEmpty())
        {
            return -1;
        }
        final String quoted = '"' + name + '"';
        int from = 0;
        int at;
        while ((at = json.indexOf(quoted, from)) >= 0)
        {
            int i = skipBlanks(json, at + quoted.length());
            if (i < json.length() && json.charAt(i) == ':')
            {
                return skipBlanks(json, i + 1);
            }
            from = at + 1;
        }
        return -1;
    }

    private static int skipBlanks(final String s, final int from)
    {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i)))
        {
            i++;
        }
        return i;
    }

    private void burnCpu(final long ms) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
        long x = sink;
        while (System.nanoTime() - deadlineNs < 0)
        {
            for (int i = 0; i < 1000; i++)
            {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            if (Thread.currentThread().isInterrupted())
            {
                throw new InterruptedException("cpu job interrupted");
            }
        }
        // Published so the JIT cannot drop the loop.
        sink = x;
    }
}
