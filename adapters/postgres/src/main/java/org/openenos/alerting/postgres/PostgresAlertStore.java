package org.openenos.alerting.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertQuery;
import org.openenos.alerting.AlertStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Active and history alerts. The unique index on (org, rule, asset) of {@code active_alerts} is what guarantees one
 * active alert per rule and asset; recovery moves the row to history in one transaction.
 */
public final class PostgresAlertStore implements AlertStore {
    private static final RowMapper<Alert> ALERT = (rs, i) -> AlertJson.read(rs.getString("body"), Alert.class);
    private static final Map<String, String> GROUP_COLUMNS = Map.of("assetId", "asset_id", "modelId", "model_id",
            "measurepointId", "measurepoint_id", "severityId", "severity_id", "hitRuleId", "rule_id",
            "contentId", "body->>'contentId'", "typeId", "body->>'typeId'");
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public PostgresAlertStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public boolean insertActive(Alert a) {
        // one conditional statement: the unique (org, rule, asset) index refuses a second active alert, and the
        // history check refuses an alert a replayed value raises again after it was recovered
        return jdbc.sql("INSERT INTO active_alerts (event_id, org_id, rule_id, asset_id, model_id, measurepoint_id,"
                        + " severity_id, occur_time, body) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb"
                        + " WHERE NOT EXISTS (SELECT 1 FROM history_alerts WHERE event_id = ?) ON CONFLICT DO NOTHING")
                .params(a.eventId(), a.orgId(), a.hitRuleId(), a.assetId(), a.modelId(), a.measurepointId(),
                        a.severityId(), a.occurTime(), AlertJson.write(a), a.eventId())
                .update() > 0;
    }

    @Override
    public Optional<Alert> findActiveOf(String orgId, String ruleId, String assetId) {
        return jdbc.sql("SELECT body FROM active_alerts WHERE org_id = ? AND rule_id = ? AND asset_id = ?")
                .params(orgId, ruleId, assetId).query(ALERT).optional();
    }

    @Override
    public List<Alert> activeOfAsset(String orgId, String assetId) {
        return jdbc.sql("SELECT body FROM active_alerts WHERE org_id = ? AND asset_id = ?").params(orgId, assetId)
                .query(ALERT).list();
    }

    private int insert(String table, Alert a, String suffix) {
        return jdbc.sql("INSERT INTO " + table + " (event_id, org_id, rule_id, asset_id, model_id, measurepoint_id,"
                        + " severity_id, occur_time, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)" + suffix)
                .params(a.eventId(), a.orgId(), a.hitRuleId(), a.assetId(), a.modelId(), a.measurepointId(),
                        a.severityId(), a.occurTime(), AlertJson.write(a))
                .update();
    }

    @Override
    public Optional<Alert> findActive(String orgId, String eventId) {
        return jdbc.sql("SELECT body FROM active_alerts WHERE org_id = ? AND event_id = ?").params(orgId, eventId)
                .query(ALERT).optional();
    }

    @Override
    public List<Alert> allActive() {
        return jdbc.sql("SELECT body FROM active_alerts").query(ALERT).list();
    }

    @Override
    public boolean recover(Alert recovered) {
        Boolean moved = tx.execute(status -> {
            int deleted = jdbc.sql("DELETE FROM active_alerts WHERE org_id = ? AND event_id = ?")
                    .params(recovered.orgId(), recovered.eventId()).update();
            if (deleted == 0) {
                return false;
            }
            insert("history_alerts", recovered, " ON CONFLICT DO NOTHING");
            return true;
        });
        return Boolean.TRUE.equals(moved);
    }

    @Override
    public void updateActive(Alert a) {
        jdbc.sql("UPDATE active_alerts SET body = ?::jsonb WHERE org_id = ? AND event_id = ?")
                .params(AlertJson.write(a), a.orgId(), a.eventId()).update();
    }

    @Override
    public boolean insertHistory(Alert alert) {
        return insert("history_alerts", alert, " ON CONFLICT DO NOTHING") > 0;
    }

    @Override
    public Optional<Alert> findHistory(String orgId, String eventId) {
        return jdbc.sql("SELECT body FROM history_alerts WHERE org_id = ? AND event_id = ?").params(orgId, eventId)
                .query(ALERT).optional();
    }

    @Override
    public void updateHistory(Alert a) {
        jdbc.sql("UPDATE history_alerts SET body = ?::jsonb WHERE org_id = ? AND event_id = ?")
                .params(AlertJson.write(a), a.orgId(), a.eventId()).update();
    }

    @Override
    public boolean deleteActive(String orgId, String eventId) {
        return jdbc.sql("DELETE FROM active_alerts WHERE org_id = ? AND event_id = ?").params(orgId, eventId)
                .update() > 0;
    }

    @Override
    public List<Alert> searchActive(AlertQuery q) {
        return search("active_alerts", q);
    }

    @Override
    public long countActive(AlertQuery q) {
        return count("active_alerts", q);
    }

    @Override
    public List<Alert> searchHistory(AlertQuery q) {
        return search("history_alerts", q);
    }

    @Override
    public long countHistory(AlertQuery q) {
        return count("history_alerts", q);
    }

    @Override
    public Map<String, Long> aggregateActive(AlertQuery q, String groupByField) {
        String column = GROUP_COLUMNS.get(groupByField);
        if (column == null) {
            throw new IllegalArgumentException("cannot group by " + groupByField);
        }
        Where w = where(q);
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT " + column + " AS g, count(*) AS n FROM active_alerts" + w.sql + " GROUP BY 1 ORDER BY 1")
                .params(w.params).query((rs, i) -> counts.put(String.valueOf(rs.getString("g")), rs.getLong("n")))
                .list();
        return counts;
    }

    private List<Alert> search(String table, AlertQuery q) {
        Where w = where(q);
        List<Object> params = new ArrayList<>(w.params);
        params.add(q.limit());
        params.add(q.offset());
        return jdbc.sql("SELECT body FROM " + table + w.sql + " ORDER BY occur_time DESC, event_id LIMIT ? OFFSET ?")
                .params(params).query(ALERT).list();
    }

    private long count(String table, AlertQuery q) {
        Where w = where(q);
        return jdbc.sql("SELECT count(*) FROM " + table + w.sql).params(w.params).query(Long.class).single();
    }

    private record Where(String sql, List<Object> params) {
    }

    /** Every search is scoped to one organization first; the other filters narrow it. */
    private static Where where(AlertQuery q) {
        StringBuilder sql = new StringBuilder(" WHERE org_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(q.orgId());
        add(sql, params, "asset_id", q.assetId());
        add(sql, params, "model_id", q.modelId());
        add(sql, params, "measurepoint_id", q.measurepointId());
        add(sql, params, "rule_id", q.ruleId());
        add(sql, params, "severity_id", q.severityId());
        if (q.startOccurTime() != null) {
            sql.append(" AND occur_time >= ?");
            params.add(q.startOccurTime());
        }
        if (q.endOccurTime() != null) {
            sql.append(" AND occur_time < ?");
            params.add(q.endOccurTime());
        }
        if (q.treeId() != null && !q.treeId().isBlank()) {
            // Paths are tree:/…/assetId: the node itself ends with /node, assets below it contain /node/.
            String tree = escape(q.treeId()) + ":%";
            if (q.fromAssetId() == null || q.fromAssetId().isBlank()) {
                sql.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(body->'assetPaths') p"
                        + " WHERE p LIKE ?)");
                params.add(tree);
            } else {
                String node = escape(q.fromAssetId());
                boolean below = !Boolean.FALSE.equals(q.includeDerivative());
                sql.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(body->'assetPaths') p"
                        + " WHERE p LIKE ?").append(below ? " OR p LIKE ?)" : ")");
                params.add(tree + "/" + node);
                if (below) {
                    params.add(tree + "/" + node + "/%");
                }
            }
        }
        if (!q.withinNodes().isEmpty()) {
            // at or below any of the nodes, in that node's tree
            sql.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(body->'assetPaths') p WHERE FALSE");
            for (var n : q.withinNodes()) {
                String node = escape(n.treeId()) + ":%/" + escape(n.assetId());
                sql.append(" OR p LIKE ? OR p LIKE ?");
                params.add(node);
                params.add(node + "/%");
            }
            sql.append(")");
        }
        if (q.acknowledged() != null) {
            // records written before acknowledgements existed have no field: they count as not acknowledged
            sql.append(" AND coalesce((body->>'acknowledged')::boolean, false) = ?");
            params.add(q.acknowledged());
        }
        if (q.rootAlert() != null) {
            sql.append(q.rootAlert() ? " AND jsonb_array_length(body->'maskedBy') = 0"
                    : " AND jsonb_array_length(body->'maskedBy') > 0");
        }
        return new Where(sql.toString(), params);
    }

    private static void add(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
