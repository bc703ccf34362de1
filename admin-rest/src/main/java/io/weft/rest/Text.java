package io.weft.rest;

/** Small string helpers for echoing client input back in problem details without letting it grow unbounded. */
final class Text
{
    private Text()
    {
    }

    static String abbreviate(final String text, final int maxChars)
    {
        if (text == null || text.length() <= maxChars)
        {
            return text;
        }
        return text.substring(0, maxChars) + "...";
    }
}
