package io.weft.fabric;

import java.util.regex.Pattern;

/**
 * The shapes of ids and names that end up in URLs, store keys and environment variable names. Store keys join
 * them with {@code /} and {@code @}, so neither may appear in any of them.
 */
public final class IdentifierRules
{
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private IdentifierRules()
    {
    }

    /** Group and gateway ids: lower-case letters, digits, {@code .}, {@code _} and {@code -}, up to 64. */
    public static String requireId(final String value, final String field)
    {
        return require(value, field, ID, "lower-case letters, digits, '.', '_' and '-' (1 to 64, starting with a letter or digit)");
    }

    public static String requireTemplateName(final String value, final String field)
    {
        return require(value, field, TEMPLATE_NAME, "letters, digits, '.', '_' and '-' (1 to 100, starting with a letter or digit)");
    }

    public static String requireVersion(final String value, final String field)
    {
        return require(value, field, VERSION, "letters, digits, '.', '_' and '-' (1 to 64, starting with a letter or digit)");
    }

    public static boolean isTemplateName(final String value)
    {
        return value != null && TEMPLATE_NAME.matcher(value).matches();
    }

    public static boolean isVersion(final String value)
    {
        return value != null && VERSION.matcher(value).matches();
    }

    private static String require(final String value, final String field, final Pattern pattern, final String rule)
    {
        if (value == null || value.isEmpty())
        {
            throw FabricProblem.MISSING_FIELD.exception("field '" + field + "' is required", field);
        }
        if (!pattern.matcher(value).matches())
        {
            throw FabricProblem.INVALID_FIELD_VALUE.exception(
                "field '" + field + "' must be " + rule + ", got '" + abbreviate(value) + "'", field);
        }
        return value;
    }

    static String abbreviate(final String text)
    {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
