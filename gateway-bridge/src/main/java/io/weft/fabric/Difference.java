package io.weft.fabric;

/**
 * One way a gateway diverges from its group.
 *
 * @param field    {@code version} or {@code capability}
 * @param expected what the group expects (a version, or the missing capability)
 * @param actual   what the gateway has (its version, or null for a missing capability)
 */
public record Difference(String field, String expected, String actual)
{
}
