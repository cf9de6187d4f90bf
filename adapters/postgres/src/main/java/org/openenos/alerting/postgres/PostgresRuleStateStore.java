package org.openenos.alerting.postgres;

import java.util.List;
import org.openenos.alerting.RuleStateStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pending trigger delays and no-data clocks, one row per (rule, asset) that has any; close latches and the ends of
 * the last alerts in {@code alert_rule_marks}, written only on those rare transitions.
 */
public final class PostgresRuleStateStore implements RuleStateStore {
    private final JdbcClient jdbc;

    public PostgresRuleStateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(State s) {
        jdbc.sql("""
                INSERT INTO alert_rule_state (org_id, rule_id, asset_id, pending_since, last_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (org_id, rule_id, asset_id) DO UPDATE SET pending_since = EXCLUDED.pending_since,
                    last_seen = COALESCE(EXCLUDED.last_seen, alert_rule_state.last_seen)""")
                .params(s.orgId(), s.ruleId(), s.assetId(), s.pendingSince(), s.lastSeen()).update();
    }

    @Override
    public void delete(String orgId, String ruleId, String assetId) {
        jdbc.sql("DELETE FROM alert_rule_state WHERE org_id = ? AND rule_id = ? AND asset_id = ?")
                .params(orgId, ruleId, assetId).update();
    }

    @Override
    public void deleteRule(String orgId, String ruleId) {
        jdbc.sql("DELETE FROM alert_rule_state WHERE org_id = ? AND rule_id = ?").params(orgId, ruleId).update();
        jdbc.sql("DELETE FROM alert_rule_marks WHERE org_id = ? AND rule_id = ?").params(orgId, ruleId).update();
    }

    @Override
    public void latch(String orgId, String ruleId, String assetId, boolean latched) {
        jdbc.sql("""
                INSERT INTO alert_rule_marks (org_id, rule_id, asset_id, close_latched) VALUES (?, ?, ?, ?)
                ON CONFLICT (org_id, rule_id, asset_id) DO UPDATE SET close_latched = EXCLUDED.close_latched""")
                .params(orgId, ruleId, assetId, latched).update();
    }

    @Override
    public void ended(String orgId, String ruleId, String assetId, long valueTime) {
        jdbc.sql("""
                INSERT INTO alert_rule_marks (org_id, rule_id, asset_id, ended_through) VALUES (?, ?, ?, ?)
                ON CONFLICT (org_id, rule_id, asset_id) DO UPDATE
                    SET ended_through = GREATEST(alert_rule_marks.ended_through, EXCLUDED.ended_through)""")
                .params(orgId, ruleId, assetId, valueTime).update();
    }

    @Override
    public List<Mark> allMarks() {
        return jdbc.sql("SELECT * FROM alert_rule_marks").query(PostgresRuleStateStore::mark).list();
    }

    @Override
    public List<Mark> marksOf(String orgId, String assetId) {
        return jdbc.sql("SELECT * FROM alert_rule_marks WHERE org_id = ? AND asset_id = ?").params(orgId, assetId)
                .query(PostgresRuleStateStore::mark).list();
    }

    private static Mark mark(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Mark(rs.getString("org_id"), rs.getString("rule_id"), rs.getString("asset_id"),
                rs.getBoolean("close_latched"), (Long) rs.getObject("ended_through"));
    }

    @Override
    public List<State> statesOf(String orgId, String assetId) {
        return jdbc.sql("SELECT * FROM alert_rule_state WHERE org_id = ? AND asset_id = ?").params(orgId, assetId)
                .query((rs, i) -> new State(rs.getString("org_id"), rs.getString("rule_id"), rs.getString("asset_id"),
                        (Long) rs.getObject("pending_since"), (Long) rs.getObject("last_seen"))).list();
    }

    @Override
    public List<State> allStates() {
        return jdbc.sql("SELECT * FROM alert_rule_state").query((rs, i) -> new State(rs.getString("org_id"),
                rs.getString("rule_id"), rs.getString("asset_id"), (Long) rs.getObject("pending_since"),
                (Long) rs.getObject("last_seen"))).list();
    }
}
