package io.weft.fabric;

/** A gateway's health as its last check found it. */
public enum HealthState
{
    /** The gateway answered its health endpoint with our token. */
    UP,
    /** Not reachable: refused, timed out, or failing with a server error. Counts as unavailable. */
    DOWN,
    /** Reachable but would not serve us: the token was refused or missing, or the answer made no sense. */
    REJECTED,
    /** Not checked yet, or disabled. */
    UNKNOWN
}
