package org.openenos.streaming.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.streaming.StreamJobVersion;
import org.openenos.streaming.StreamJobVersionStore;
import org.openenos.streaming.TemplateType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Released versions of stream jobs in PostgreSQL ({@code V91__stream_job_versions.sql}). */
public final class PostgresStreamJobVersionStore implements StreamJobVersionStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "org_id, pipeline_id, version, name, template_type, config, release_time";

    private final JdbcClient jdbc;

    public PostgresStreamJobVersionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(StreamJobVersion v) {
        jdbc.sql("INSERT INTO stream_job_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)"
                        + " ON CONFLICT (org_id, pipeline_id, version) DO UPDATE SET name = EXCLUDED.name,"
                        + " template_type = EXCLUDED.template_type, config = EXCLUDED.config,"
                        + " release_time = EXCLUDED.release_time")
                .params(v.orgId(), v.pipelineId(), v.version(), v.name(), v.templateType().name(),
                        JSON.writeValueAsString(v.config()), v.releaseTime().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public List<StreamJobVersion> list(String orgId, String pipelineId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stream_job_versions WHERE org_id = ? AND pipeline_id = ?"
                + " ORDER BY version DESC").params(orgId, pipelineId).query(PostgresStreamJobVersionStore::row).list();
    }

    @Override
    public Optional<StreamJobVersion> find(String orgId, String pipelineId, int version) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stream_job_versions WHERE org_id = ? AND pipeline_id = ?"
                        + " AND version = ?").params(orgId, pipelineId, version)
                .query(PostgresStreamJobVersionStore::row).optional();
    }

    @Override
    public void deleteAll(String orgId, String pipelineId) {
        jdbc.sql("DELETE FROM stream_job_versions WHERE org_id = ? AND pipeline_id = ?").params(orgId, pipelineId)
                .update();
    }

    private static StreamJobVersion row(ResultSet rs, int i) throws SQLException {
        return new StreamJobVersion(rs.getString("pipeline_id"), rs.getString("org_id"), rs.getInt("version"),
                rs.getString("name"), TemplateType.valueOf(rs.getString("template_type")),
                JSON.readValue(rs.getString("config"), MAP),
                rs.getObject("release_time", OffsetDateTime.class).toInstant());
    }
}
