package io.weft.rest.security;

/** What a request does, as far as access is concerned; each route needs exactly one. */
public enum Permission
{
    /** Liveness: no token needed. */
    OPEN,
    SUBMIT_DAGS,
    READ_DAGS,
    CANCEL,
    PAUSE_DAGS,
    OPERATE_SCHEDULER,
    READ_INFRASTRUCTURE,
    FABRIC_READ,
    FABRIC_FAN_OUT,
    FABRIC_EXECUTE,
    FABRIC_WRITE,
    READ_AUDIT,
    /** Declares and withdraws desired deployment states. */
    MANAGE_DEPLOYMENTS
}
