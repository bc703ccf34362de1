package io.weft.rest.security;

/**
 * One line of the audit trail: who ({@code principal}, {@code role}; null for a refused token), when, what
 * ({@code action}: the route, such as {@code POST /api/v1/dags/{id}/cancel}, or a node event such as
 * {@code tokens.reload}), which {@code target} (the path, or what the event concerns), from which address, the
 * {@code outcome} (the HTTP status, {@code unauthenticated}, {@code forbidden}, ...), and {@code via}: the node
 * that forwarded the request here, if one did. Never a token.
 */
public record AuditEntry(
    long atEpochMs,
    String principal,
    String role,
    String action,
    String target,
    String remoteAddress,
    String outcome,
    String via,
    String node)
{
}
