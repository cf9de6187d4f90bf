package org.openenos.batch.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openenos.batch.Relation;
import org.openenos.batch.RunPolicy;
import org.openenos.batch.TaskSpec;
import org.openenos.batch.Workflow;
import org.openenos.batch.WorkflowRepository;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;

/** Workflows in table {@code batch_workflows} (migration V100): tasks and relations as JSON. */
public final class PostgresWorkflowRepository implements WorkflowRepository {
    private static final TypeReference<List<TaskSpec>> TASKS = new TypeReference<>() {
    };
    private static final TypeReference<List<Relation>> RELATIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;

    public PostgresWorkflowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Workflow insert(Workflow w) {
        long id = jdbc.sql("""
                INSERT INTO batch_workflows (org_id, name, description, cron, cycle, active, parameters, tasks,
                    relations, upstream_flows, create_time, update_time, catch_up, on_interrupt)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS JSONB), CAST(? AS JSONB), CAST(? AS JSONB), CAST(? AS JSONB), ?, ?,
                    ?, ?)
                RETURNING flow_id""")
                .params(w.orgId(), w.name(), w.desc(), w.cron(), w.cycle(), w.active(), Json.write(w.parameters()),
                        Json.write(w.tasks()), Json.write(w.relations()), Json.write(w.upstreamFlows()),
                        Sql.ts(w.createTime()), Sql.ts(w.updateTime()), w.policy().catchUp().name(),
                        w.policy().onInterrupt().name())
                .query(Long.class).single();
        return w.withId(id);
    }

    /** A changed cron or activation clears the next firing time, so the scheduler computes it from the new cron. */
    @Override
    public boolean update(Workflow w) {
        return jdbc.sql("""
                UPDATE batch_workflows SET name = ?, description = ?,
                    next_fire_time = CASE WHEN cron IS NOT DISTINCT FROM CAST(? AS TEXT) AND active = ? THEN next_fire_time END,
                    cron = ?, cycle = ?, active = ?, parameters = CAST(? AS JSONB), tasks = CAST(? AS JSONB),
                    relations = CAST(? AS JSONB), upstream_flows = CAST(? AS JSONB), update_time = ?, catch_up = ?,
                    on_interrupt = ?
                WHERE org_id = ? AND flow_id = ?""")
                .params(w.name(), w.desc(), w.cron(), w.active(), w.cron(), w.cycle(), w.active(),
                        Json.write(w.parameters()), Json.write(w.tasks()), Json.write(w.relations()),
                        Json.write(w.upstreamFlows()), Sql.ts(w.updateTime()), w.policy().catchUp().name(),
                        w.policy().onInterrupt().name(), w.orgId(), w.flowId())
                .update() > 0;
    }

    @Override
    public Optional<Workflow> find(String orgId, long flowId) {
        return jdbc.sql("SELECT * FROM batch_workflows WHERE org_id = ? AND flow_id = ?").params(orgId, flowId)
                .query(PostgresWorkflowRepository::workflow).optional();
    }

    @Override
    public Optional<Workflow> find(long flowId) {
        return jdbc.sql("SELECT * FROM batch_workflows WHERE flow_id = ?").param(flowId)
                .query(PostgresWorkflowRepository::workflow).optional();
    }

    @Override
    public List<Workflow> search(Query q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        params.add(q.offset());
        params.add(q.limit());
        return jdbc.sql("SELECT * FROM batch_workflows" + where + " ORDER BY create_time DESC, flow_id DESC"
                        + " OFFSET ? LIMIT ?").params(params).query(PostgresWorkflowRepository::workflow).list();
    }

    @Override
    public long count(Query q) {
        List<Object> params = new ArrayList<>();
        return jdbc.sql("SELECT count(*) FROM batch_workflows" + where(q, params)).params(params)
                .query(Long.class).single();
    }

    private static String where(Query q, List<Object> params) {
        StringBuilder w = new StringBuilder(" WHERE org_id = ?");
        params.add(q.orgId());
        if (q.nameLike() != null && !q.nameLike().isBlank()) {
            w.append(" AND (name ILIKE ? OR CAST(flow_id AS TEXT) = ?)");
            params.add("%" + q.nameLike().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.add(q.nameLike().strip());
        }
        if (q.active() != null) {
            w.append(" AND active = ?");
            params.add(q.active());
        }
        return w.toString();
    }

    @Override
    public boolean delete(String orgId, long flowId) {
        return jdbc.sql("DELETE FROM batch_workflows WHERE org_id = ? AND flow_id = ?").params(orgId, flowId)
                .update() > 0;
    }

    @Override
    public List<Workflow> dueForFiring(Instant now) {
        return jdbc.sql("""
                SELECT * FROM batch_workflows WHERE active AND cron IS NOT NULL
                    AND (next_fire_time IS NULL OR next_fire_time <= ?) ORDER BY flow_id""")
                .param(Sql.ts(now)).query(PostgresWorkflowRepository::workflow).list();
    }

    @Override
    public Optional<Instant> nextFireTime(long flowId) {
        return jdbc.sql("SELECT next_fire_time FROM batch_workflows WHERE flow_id = ?").param(flowId)
                .query((rs, n) -> Optional.ofNullable(Sql.instant(rs, "next_fire_time"))).optional()
                .flatMap(o -> o);
    }

    @Override
    public boolean advanceFireTime(long flowId, Instant expected, Instant next) {
        return jdbc.sql("""
                UPDATE batch_workflows SET next_fire_time = ?
                WHERE flow_id = ? AND next_fire_time IS NOT DISTINCT FROM CAST(? AS TIMESTAMPTZ)""")
                .params(Sql.ts(next), flowId, Sql.ts(expected)).update() > 0;
    }

    private static Workflow workflow(ResultSet rs, int row) throws SQLException {
        return new Workflow(rs.getLong("flow_id"), rs.getString("org_id"), rs.getString("name"),
                rs.getString("description"), rs.getString("cron"), rs.getString("cycle"), rs.getBoolean("active"),
                Json.strings(rs.getString("parameters")), Json.MAPPER.readValue(rs.getString("tasks"), TASKS),
                Json.MAPPER.readValue(rs.getString("relations"), RELATIONS),
                Json.MAPPER.readValue(rs.getString("upstream_flows"), IDS), Sql.instant(rs, "create_time"),
                Sql.instant(rs, "update_time"), RunPolicy.parse(rs.getString("catch_up"),
                        rs.getString("on_interrupt")));
    }
}
