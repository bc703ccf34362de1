package io.weft.rest.security;

/** Who a request comes from: the name a token was issued to, and that token's role. */
public record Principal(String name, Role role)
{
    /** Where no authenticator is configured (a bare REST server in a unit test): everything is allowed. */
    public static final Principal UNCHECKED = new Principal("anonymous", Role.ADMIN);
}
