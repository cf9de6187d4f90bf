package org.openenos.reporting.postgres;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportDefinitionStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Export definitions as JSONB documents keyed by organization and id. */
public final class PostgresExportDefinitionStore implements ExportDefinitionStore {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final RowMapper<ExportDefinition> ROW =
            (rs, i) -> JSON.readValue(rs.getString("body"), ExportDefinition.class);

    private final JdbcClient jdbc;

    public PostgresExportDefinitionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(ExportDefinition d) {
        jdbc.sql("""
                INSERT INTO export_definitions (definition_id, org_id, name, body, create_time, update_time)
                VALUES (?, ?, ?, ?::jsonb, ?, ?)
                ON CONFLICT (org_id, definition_id)
                DO UPDATE SET name = EXCLUDED.name, body = EXCLUDED.body, update_time = EXCLUDED.update_time""")
                .params(d.definitionId(), d.orgId(), d.name(), JSON.writeValueAsString(d),
                        d.createTime().atOffset(ZoneOffset.UTC), d.updateTime().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public Optional<ExportDefinition> find(String orgId, String definitionId) {
        return jdbc.sql("SELECT body FROM export_definitions WHERE org_id = ? AND definition_id = ?")
                .params(orgId, definitionId).query(ROW).optional();
    }

    @Override
    public List<ExportDefinition> list(String orgId) {
        return jdbc.sql("SELECT body FROM export_definitions WHERE org_id = ? ORDER BY name, definition_id")
                .param(orgId).query(ROW).list();
    }

    @Override
    public boolean delete(String orgId, String definitionId) {
        return jdbc.sql("DELETE FROM export_definitions WHERE org_id = ? AND definition_id = ?")
                .params(orgId, definitionId).update() > 0;
    }
}
