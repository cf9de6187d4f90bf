package org.openenos.audit;

import java.time.Instant;
import java.util.List;

/** Append-only record of administrative actions: who did what to which resource, in which organization. */
public interface AuditLog {
    record Entry(Instant time, String actor, String orgId, String action, String target, String detail) {
    }

    void record(Entry entry);

    List<Entry> recent(String orgId, int limit);

    /** The newest entries of {@code orgId} whose action starts with {@code actionPrefix} ({@code role.}). */
    default List<Entry> search(String orgId, String actionPrefix, int limit) {
        return recent(orgId, limit).stream().filter(e -> e.action().startsWith(actionPrefix)).toList();
    }
}
