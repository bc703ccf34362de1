package io.weft.rest.security;

/**
 * Turns a presented bearer token into its principal. Implementations compare in constant time and never log the
 * token.
 */
@FunctionalInterface
public interface Authenticator
{
    /** The principal the token belongs to, or null for a token nobody holds. */
    Principal authenticate(String bearerToken);
}
