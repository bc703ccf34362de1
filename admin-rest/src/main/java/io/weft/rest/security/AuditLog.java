package io.weft.rest.security;

import java.util.List;

/** Where the audit trail is kept (the grid, on a node). Recording never blocks the caller. */
public interface AuditLog
{
    void record(AuditEntry entry);

    /** Entries matching every given filter (null: any), newest first, one page of them. */
    Page query(String principal, String action, String target, Long fromEpochMs, Long toEpochMs, int offset, int limit);

    record Page(long total, int offset, int limit, List<AuditEntry> entries)
    {
    }

    AuditLog NONE = new AuditLog()
    {
        @Override
        public void record(final AuditEntry entry)
        {
        }

        @Override
        public Page query(final String principal, final String action, final String target, final Long fromEpochMs,
            final Long toEpochMs, final int offset, final int limit)
        {
            return new Page(0, offset, limit, List.of());
        }
    };
}
