package org.openenos.audit;

import java.time.Instant;
import java.util.List;

/** Append-only record of administrative actions: who did what to which resource, in which organization. */
public interface AuditLog {
    record Entry(Instant time, String actor, String orgId, String action, String target, String detail) {
    }

    void record(Entry entry);

    List<Entry> recent(String orgId, int limit);
}
