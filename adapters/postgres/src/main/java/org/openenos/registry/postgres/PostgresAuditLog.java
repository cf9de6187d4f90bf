package org.openenos.registry.postgres;

import java.util.List;
import org.openenos.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Audit records in the database, mirrored to the {@code audit} logger for log shipping. */
public final class PostgresAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger("audit");
    private final JdbcClient jdbc;

    public PostgresAuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(Entry e) {
        jdbc.sql("INSERT INTO audit_log (time, actor, org_id, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Sql.ts(e.time()), e.actor(), e.orgId(), e.action(), e.target(), e.detail()).update();
        LOG.info("actor={} org={} action={} target={}", e.actor(), e.orgId(), e.action(), e.target());
    }

    @Override
    public List<Entry> search(String orgId, String actionPrefix, int limit) {
        String like = actionPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                SELECT * FROM audit_log WHERE org_id IS NOT DISTINCT FROM ? AND action LIKE ?
                ORDER BY time DESC LIMIT ?""")
                .params(orgId, like, limit)
                .query((rs, i) -> new Entry(Sql.instant(rs, "time"), rs.getString("actor"), rs.getString("org_id"),
                        rs.getString("action"), rs.getString("target"), rs.getString("detail")))
                .list();
    }

    @Override
    public List<Entry> recent(String orgId, int limit) {
        return jdbc.sql("SELECT * FROM audit_log WHERE org_id IS NOT DISTINCT FROM ? ORDER BY time DESC LIMIT ?")
                .params(orgId, limit)
                .query((rs, i) -> new Entry(Sql.instant(rs, "time"), rs.getString("actor"), rs.getString("org_id"),
                        rs.getString("action"), rs.getString("target"), rs.getString("detail")))
                .list();
    }
}
