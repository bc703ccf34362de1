package io.weft.node.signals;

import io.weft.rest.InvalidReportQueryException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time window as people write it in a query: {@code since-start}, or a count of seconds, minutes or hours such
 * as {@code 90s}, {@code 5m}, {@code 1h}.
 */
public record WindowSpec(String text, long millis)
{
    public static final WindowSpec SINCE_START = new WindowSpec("since-start", 0);
    private static final Pattern SPAN = Pattern.compile("([1-9][0-9]{0,5})([smh])");

    /** The window {@code text} names; null is since start. Throws {@link InvalidReportQueryException} naming the rule. */
    public static WindowSpec parse(final String text)
    {
        if (text == null || text.equals(SINCE_START.text()))
        {
            return SINCE_START;
        }
        final Matcher matcher = SPAN.matcher(text);
        if (!matcher.matches())
        {
            throw new InvalidReportQueryException("window must be since-start or a whole number of seconds, minutes or hours "
                + "such as 30s, 5m or 1h, not '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        final long count = Long.parseLong(matcher.group(1));
        final long unitMs = switch (matcher.group(2))
        {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        return new WindowSpec(text, count * unitMs);
    }

    public boolean sinceStart()
    {
        return millis == 0;
    }
}
