package org.openenos.subscription.postgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.registry.postgres.Json;
import org.openenos.subscription.EventOutbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;

/** The outbox of device events and connection changes in table {@code subscription_event_outbox} (V155). */
public final class PostgresEventOutbox implements EventOutbox {
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public PostgresEventOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long add(String nodeId, Entry e) {
        return jdbc.sql("""
                INSERT INTO subscription_event_outbox (node_id, org_id, model_id, asset_id, fields)
                VALUES (?, ?, ?, ?, ?) RETURNING id""")
                .params(nodeId, e.orgId(), e.modelId(), e.assetId(), Json.write(e.fields()))
                .query(Long.class).single();
    }

    @Override
    public void remove(long id) {
        jdbc.sql("DELETE FROM subscription_event_outbox WHERE id = ?").param(id).update();
    }

    @Override
    public List<Pending> pending(String nodeId) {
        return jdbc.sql("SELECT id, org_id, model_id, asset_id, fields FROM subscription_event_outbox "
                        + "WHERE node_id = ? ORDER BY id")
                .param(nodeId)
                .query((rs, row) -> new Pending(rs.getLong("id"), new Entry(rs.getString("org_id"),
                        rs.getString("model_id"), rs.getString("asset_id"), fields(rs.getString("fields")))))
                .list();
    }

    private static Map<String, Object> fields(String json) {
        return Json.MAPPER.readValue(json, FIELDS);
    }
}
