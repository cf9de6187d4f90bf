package org.openenos.dashboard.postgres;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.openenos.dashboard.Dashboard;
import org.openenos.dashboard.DashboardStore;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Dashboards as JSONB documents; the version column makes concurrent edits fail instead of overwrite. */
public final class PostgresDashboardStore implements DashboardStore {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final RowMapper<Dashboard> ROW = (rs, i) -> {
        Dashboard d = JSON.readValue(rs.getString("body"), Dashboard.class);
        return new Dashboard(d.dashboardId(), d.orgId(), d.name(), d.widgets(), d.createdBy(), d.createTime(),
                d.updateTime(), rs.getLong("version"), d.time(), d.templateModelId());
    };

    private final JdbcClient jdbc;

    public PostgresDashboardStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Dashboard d) {
        jdbc.sql("""
                INSERT INTO dashboards (dashboard_id, org_id, name, body, version, create_time, update_time)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(d.dashboardId(), d.orgId(), d.name(), JSON.writeValueAsString(d), d.version(),
                        ts(d), d.updateTime().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public Optional<Dashboard> find(String orgId, String dashboardId) {
        return jdbc.sql("SELECT body, version FROM dashboards WHERE org_id = ? AND dashboard_id = ?")
                .params(orgId, dashboardId).query(ROW).optional();
    }

    @Override
    public List<Dashboard> list(String orgId) {
        return jdbc.sql("SELECT body, version FROM dashboards WHERE org_id = ? ORDER BY name, dashboard_id")
                .param(orgId).query(ROW).list();
    }

    @Override
    public boolean update(Dashboard d, long expectedVersion) {
        return jdbc.sql("""
                UPDATE dashboards SET name = ?, body = ?::jsonb, version = ?, update_time = ?
                WHERE org_id = ? AND dashboard_id = ? AND version = ?""")
                .params(d.name(), JSON.writeValueAsString(d), d.version(), d.updateTime().atOffset(ZoneOffset.UTC),
                        d.orgId(), d.dashboardId(), expectedVersion)
                .update() == 1;
    }

    @Override
    public boolean delete(String orgId, String dashboardId) {
        return jdbc.sql("DELETE FROM dashboards WHERE org_id = ? AND dashboard_id = ?").params(orgId, dashboardId)
                .update() > 0;
    }

    private static Object ts(Dashboard d) {
        return d.createTime().atOffset(ZoneOffset.UTC);
    }
}
