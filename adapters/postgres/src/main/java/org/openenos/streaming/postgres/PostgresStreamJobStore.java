package org.openenos.streaming.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.streaming.JobStatus;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.StreamJobStore;
import org.openenos.streaming.TemplateType;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stream job definitions in PostgreSQL; configs as JSONB documents exactly as the API received them. */
public final class PostgresStreamJobStore implements StreamJobStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            pipeline_id, org_id, name, template_type, config, released_config, version, released_version, status,
            status_message, create_time, update_time""";
    private static final RowMapper<StreamJob> ROW = PostgresStreamJobStore::row;

    private final JdbcClient jdbc;

    public PostgresStreamJobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(StreamJob job) {
        jdbc.sql("INSERT INTO stream_jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)")
                .params(job.pipelineId(), job.orgId(), job.name(), job.templateType().name(), json(job.config()),
                        json(job.releasedConfig()), job.version(), job.releasedVersion(), job.status().name(),
                        job.statusMessage(), job.createTime().atOffset(ZoneOffset.UTC),
                        job.updateTime().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public Optional<StreamJob> find(String orgId, String pipelineId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stream_jobs WHERE org_id = ? AND pipeline_id = ?")
                .params(orgId, pipelineId).query(ROW).optional();
    }

    @Override
    public List<StreamJob> list(String orgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stream_jobs WHERE org_id = ? ORDER BY name, pipeline_id")
                .param(orgId).query(ROW).list();
    }

    @Override
    public List<StreamJob> withStatus(JobStatus status) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stream_jobs WHERE status = ? ORDER BY create_time")
                .param(status.name()).query(ROW).list();
    }

    @Override
    public void update(StreamJob job) {
        jdbc.sql("""
                UPDATE stream_jobs SET name = ?, config = ?::jsonb, released_config = ?::jsonb, version = ?,
                       released_version = ?, status = ?, status_message = ?, update_time = ?
                WHERE org_id = ? AND pipeline_id = ?""")
                .params(job.name(), json(job.config()), json(job.releasedConfig()), job.version(),
                        job.releasedVersion(), job.status().name(), job.statusMessage(),
                        job.updateTime().atOffset(ZoneOffset.UTC), job.orgId(), job.pipelineId())
                .update();
    }

    @Override
    public boolean delete(String orgId, String pipelineId) {
        return jdbc.sql("DELETE FROM stream_jobs WHERE org_id = ? AND pipeline_id = ?").params(orgId, pipelineId)
                .update() > 0;
    }

    private static String json(Map<String, Object> config) {
        return config == null ? null : JSON.writeValueAsString(config);
    }

    private static StreamJob row(ResultSet rs, int i) throws SQLException {
        String released = rs.getString("released_config");
        return new StreamJob(rs.getString("pipeline_id"), rs.getString("org_id"), rs.getString("name"),
                TemplateType.valueOf(rs.getString("template_type")), JSON.readValue(rs.getString("config"), MAP),
                released == null ? null : JSON.readValue(released, MAP), rs.getInt("version"),
                rs.getInt("released_version"), JobStatus.valueOf(rs.getString("status")),
                rs.getString("status_message"), rs.getObject("create_time", java.time.OffsetDateTime.class).toInstant(),
                rs.getObject("update_time", java.time.OffsetDateTime.class).toInstant());
    }
}
