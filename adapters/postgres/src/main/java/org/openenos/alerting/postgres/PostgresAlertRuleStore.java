package org.openenos.alerting.postgres;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertRuleStore;
import org.openenos.alerting.CatalogEntry;
import org.openenos.alerting.CatalogStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Alert rules and their catalog (severities, types, contents) as JSONB documents. */
public final class PostgresAlertRuleStore implements AlertRuleStore, CatalogStore {
    private static final RowMapper<AlertRule> RULE = (rs, i) -> AlertJson.read(rs.getString("body"), AlertRule.class);
    private static final RowMapper<CatalogEntry> ENTRY = (rs, i) -> AlertJson.read(rs.getString("body"),
            CatalogEntry.class);
    private final JdbcClient jdbc;

    public PostgresAlertRuleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(AlertRule rule) {
        jdbc.sql("""
                INSERT INTO alert_rules (org_id, rule_id, model_id, body, update_time) VALUES (?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (org_id, rule_id) DO UPDATE SET model_id = EXCLUDED.model_id, body = EXCLUDED.body,
                    update_time = EXCLUDED.update_time""")
                .params(rule.orgId(), rule.ruleId(), rule.modelId(), AlertJson.write(rule),
                        Timestamp.from(rule.updateTime()))
                .update();
    }

    @Override
    public Optional<AlertRule> find(String orgId, String ruleId) {
        return jdbc.sql("SELECT body FROM alert_rules WHERE org_id = ? AND rule_id = ?").params(orgId, ruleId)
                .query(RULE).optional();
    }

    @Override
    public List<AlertRule> list(String orgId) {
        return jdbc.sql("SELECT body FROM alert_rules WHERE org_id = ? ORDER BY rule_id").param(orgId).query(RULE)
                .list();
    }

    @Override
    public List<AlertRule> allRules() {
        return jdbc.sql("SELECT body FROM alert_rules").query(RULE).list();
    }

    @Override
    public boolean delete(String orgId, String ruleId) {
        return jdbc.sql("DELETE FROM alert_rules WHERE org_id = ? AND rule_id = ?").params(orgId, ruleId)
                .update() > 0;
    }

    @Override
    public void save(CatalogEntry e) {
        jdbc.sql("""
                INSERT INTO alert_catalog (kind, org_id, id, body) VALUES (?, ?, ?, ?::jsonb)
                ON CONFLICT (kind, org_id, id) DO UPDATE SET body = EXCLUDED.body""")
                .params(e.kind().name(), e.orgId(), e.id(), AlertJson.write(e)).update();
    }

    @Override
    public Optional<CatalogEntry> find(CatalogEntry.Kind kind, String orgId, String id) {
        return jdbc.sql("SELECT body FROM alert_catalog WHERE kind = ? AND org_id = ? AND id = ?")
                .params(kind.name(), orgId, id).query(ENTRY).optional();
    }

    @Override
    public List<CatalogEntry> list(CatalogEntry.Kind kind, String orgId) {
        return jdbc.sql("SELECT body FROM alert_catalog WHERE kind = ? AND org_id = ? ORDER BY id")
                .params(kind.name(), orgId).query(ENTRY).list();
    }

    @Override
    public boolean delete(CatalogEntry.Kind kind, String orgId, String id) {
        return jdbc.sql("DELETE FROM alert_catalog WHERE kind = ? AND org_id = ? AND id = ?")
                .params(kind.name(), orgId, id).update() > 0;
    }
}
