package io.weft.scheduler.api;

/**
 * The one rule for the free-form identifiers people and programs choose: job ids, executor class names, DAG names
 * and reference keys (group, gateway and template ids have a stricter syntax of their own, which this rule
 * contains). They end up in logs, metrics labels, URLs, SBE frames and other people's terminals, so each is at most
 * {@link #MAX_LENGTH} characters and holds no control or format character (CR, LF, NUL, a right-to-left override,
 * a zero-width joiner...), no line or paragraph separator, no lone surrogate and no Unicode noncharacter. Text that
 * was not valid UTF-8 never gets this far: the JSON decoder and the SBE decoder refuse or replace it first.
 */
public final class IdentifierText
{
    public static final int MAX_LENGTH = 256;

    private IdentifierText()
    {
    }

    /** Why {@code value} is not an acceptable identifier, or null when it is. Never echoes the offending text. */
    public static String problem(final String value)
    {
        if (value.length() > MAX_LENGTH)
        {
            return "is " + value.length() + " characters long; the limit is " + MAX_LENGTH;
        }
        for (int i = 0; i < value.length(); )
        {
            final int codePoint = value.codePointAt(i);
            if (!allowed(codePoint))
            {
                return "contains " + describe(codePoint) + " at position " + i;
            }
            i += Character.charCount(codePoint);
        }
        return null;
    }

    private static boolean allowed(final int codePoint)
    {
        switch (Character.getType(codePoint))
        {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                Character.PARAGRAPH_SEPARATOR -> {
                return false;
            }
            default -> {
                return !isNoncharacter(codePoint);
            }
        }
    }

    private static boolean isNoncharacter(final int codePoint)
    {
        return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
    }

    private static String describe(final int codePoint)
    {
        final String name = Character.isSurrogate((char)codePoint) ? "a lone surrogate" : Character.getName(codePoint);
        return String.format("U+%04X (%s)", codePoint, name == null ? "unassigned" : name);
    }
}
