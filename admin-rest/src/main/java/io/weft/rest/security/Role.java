package io.weft.rest.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The four roles of the product documents. A developer's DAG permissions reach only the DAGs its principal
 * submitted ({@link #ownDagsOnly()}); the handlers that read or cancel a DAG check that.
 */
public enum Role
{
    /** Everything, fabric groups, gateways and the audit trail included. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** Reads everything but the audit trail; pauses and resumes; cancels; fabric fan-out. Submits nothing. */
    OPERATOR(EnumSet.of(Permission.OPEN, Permission.READ_DAGS, Permission.CANCEL, Permission.PAUSE_DAGS, Permission.OPERATE_SCHEDULER,
        Permission.READ_INFRASTRUCTURE, Permission.FABRIC_READ, Permission.FABRIC_FAN_OUT)),
    /** Submits DAGs (and runs templates), reads and cancels its own DAGs and their jobs. */
    DEVELOPER(EnumSet.of(Permission.OPEN, Permission.SUBMIT_DAGS, Permission.READ_DAGS, Permission.CANCEL, Permission.FABRIC_EXECUTE)),
    /** Reads DAGs and jobs; no infrastructure views. */
    VIEWER(EnumSet.of(Permission.OPEN, Permission.READ_DAGS));

    private final Set<Permission> permissions;

    Role(final Set<Permission> permissions)
    {
        this.permissions = permissions;
    }

    public boolean may(final Permission permission)
    {
        return permissions.contains(permission);
    }

    /** DAG reads and cancels reach only the principal's own DAGs. */
    public boolean ownDagsOnly()
    {
        return this == DEVELOPER;
    }

    public String roleName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of that name (any case), or null. */
    public static Role byName(final String name)
    {
        for (final Role role : values())
        {
            if (role.roleName().equalsIgnoreCase(name))
            {
                return role;
            }
        }
        return null;
    }
}
