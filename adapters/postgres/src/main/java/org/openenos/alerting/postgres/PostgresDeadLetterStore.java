package org.openenos.alerting.postgres;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.openenos.alerting.notify.DeadLetter;
import org.openenos.alerting.notify.DeadLetterStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Failed notifications and control actions in {@code alert_dead_letters}, always read by organization. */
public final class PostgresDeadLetterStore implements DeadLetterStore {
    private static final RowMapper<DeadLetter> LETTER = (rs, i) -> new DeadLetter(rs.getLong("id"),
            rs.getString("org_id"), rs.getString("rule_id"), rs.getString("event_id"), rs.getString("channel"),
            rs.getString("target"), rs.getInt("attempts"), rs.getString("last_error"), rs.getString("payload"),
            rs.getTimestamp("create_time").toInstant());
    private final JdbcClient jdbc;

    public PostgresDeadLetterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(DeadLetter d) {
        jdbc.sql("""
                INSERT INTO alert_dead_letters (org_id, rule_id, event_id, channel, target, attempts, last_error,
                    payload, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(d.orgId(), d.ruleId(), d.eventId(), d.channel(), d.target(), d.attempts(), d.lastError(),
                        d.payload(), Timestamp.from(d.createTime()))
                .update();
    }

    @Override
    public List<DeadLetter> search(String orgId, String ruleId, int offset, int limit) {
        List<Object> params = new ArrayList<>(List.of(orgId));
        String where = where(ruleId, params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT * FROM alert_dead_letters" + where + " ORDER BY create_time DESC, id DESC LIMIT ?"
                + " OFFSET ?").params(params).query(LETTER).list();
    }

    @Override
    public long count(String orgId, String ruleId) {
        List<Object> params = new ArrayList<>(List.of(orgId));
        return jdbc.sql("SELECT count(*) FROM alert_dead_letters" + where(ruleId, params)).params(params)
                .query(Long.class).single();
    }

    private static String where(String ruleId, List<Object> params) {
        if (ruleId == null || ruleId.isBlank()) {
            return " WHERE org_id = ?";
        }
        params.add(ruleId);
        return " WHERE org_id = ? AND rule_id = ?";
    }
}
