package org.openenos.batch.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openenos.batch.FlowInstance;
import org.openenos.batch.InstanceStatus;
import org.openenos.batch.RunRepository;
import org.openenos.batch.TaskInstance;
import org.openenos.batch.TaskKind;
import org.openenos.batch.Workflow;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** Flow instances, task instances and task logs in the {@code batch_*} tables (migration V100). */
public final class PostgresRunRepository implements RunRepository {
    private static final String QUEUED = queued();
    private final JdbcClient jdbc;
    private final TransactionOperations tx;

    public PostgresRunRepository(JdbcClient jdbc, TransactionOperations tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    private static String queued() {
        return java.util.Arrays.stream(InstanceStatus.values()).filter(InstanceStatus::queued)
                .map(s -> Integer.toString(s.code())).collect(Collectors.joining(",", "(", ")"));
    }

    @Override
    public FlowInstance insert(FlowInstance i, List<TaskInstance> tasks) {
        return tx.execute(status -> {
            long id = jdbc.sql("""
                    INSERT INTO batch_flow_instances (flow_id, org_id, flow_name, status, status_desc, trigger_time,
                        cal_dt, parameters, definition, create_time, start_time, end_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), CAST(? AS JSONB), ?, ?, ?) RETURNING instance_id""")
                    .params(i.flowId(), i.orgId(), i.flowName(), i.status().code(), i.statusDesc(),
                            Sql.ts(i.triggerTime()), i.calDt(), Json.write(i.parameters()),
                            Json.write(i.definition()), Sql.ts(i.createTime()), Sql.ts(i.startTime()),
                            Sql.ts(i.endTime()))
                    .query(Long.class).single();
            for (TaskInstance t : tasks) {
                jdbc.sql("""
                        INSERT INTO batch_task_instances (instance_id, task_name, kind, status, attempts, progress)
                        VALUES (?, ?, ?, ?, 0, 0)""")
                        .params(id, t.taskName(), t.kind().name(), t.status().code()).update();
            }
            return i.withId(id);
        });
    }

    @Override
    public boolean update(FlowInstance i, InstanceStatus expected) {
        return jdbc.sql("""
                UPDATE batch_flow_instances SET status = ?, status_desc = ?, start_time = ?, end_time = ?
                WHERE instance_id = ? AND status = ?""")
                .params(i.status().code(), i.statusDesc(), Sql.ts(i.startTime()), Sql.ts(i.endTime()),
                        i.instanceId(), expected.code())
                .update() > 0;
    }

    @Override
    public Optional<FlowInstance> find(String orgId, long instanceId) {
        return jdbc.sql("SELECT * FROM batch_flow_instances WHERE org_id = ? AND instance_id = ?")
                .params(orgId, instanceId).query(PostgresRunRepository::instance).optional();
    }

    @Override
    public Optional<FlowInstance> find(long instanceId) {
        return jdbc.sql("SELECT * FROM batch_flow_instances WHERE instance_id = ?").param(instanceId)
                .query(PostgresRunRepository::instance).optional();
    }

    @Override
    public List<FlowInstance> search(Query q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        params.add(q.offset());
        params.add(q.limit());
        return jdbc.sql("SELECT * FROM batch_flow_instances" + where
                        + " ORDER BY trigger_time DESC, instance_id DESC OFFSET ? LIMIT ?")
                .params(params).query(PostgresRunRepository::instance).list();
    }

    @Override
    public long count(Query q) {
        List<Object> params = new ArrayList<>();
        return jdbc.sql("SELECT count(*) FROM batch_flow_instances" + where(q, params)).params(params)
                .query(Long.class).single();
    }

    private static String where(Query q, List<Object> params) {
        StringBuilder w = new StringBuilder(" WHERE org_id = ?");
        params.add(q.orgId());
        if (q.flowId() != null) {
            w.append(" AND flow_id = ?");
            params.add(q.flowId());
        }
        if (q.nameLike() != null && !q.nameLike().isBlank()) {
            w.append(" AND (flow_name ILIKE ? OR CAST(instance_id AS TEXT) = ?)");
            params.add("%" + q.nameLike().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.add(q.nameLike().strip());
        }
        if (q.statuses() != null && !q.statuses().isEmpty()) {
            w.append(q.statuses().stream().map(s -> Integer.toString(s.code()))
                    .collect(Collectors.joining(",", " AND status IN (", ")")));
        }
        if (q.fromTrigger() != null) {
            w.append(" AND trigger_time >= ?");
            params.add(Sql.ts(q.fromTrigger()));
        }
        if (q.toTrigger() != null) {
            w.append(" AND trigger_time <= ?");
            params.add(Sql.ts(q.toTrigger()));
        }
        return w.toString();
    }

    @Override
    public List<TaskInstance> tasks(long instanceId) {
        return jdbc.sql("SELECT * FROM batch_task_instances WHERE instance_id = ? ORDER BY task_inst_id")
                .param(instanceId).query(PostgresRunRepository::task).list();
    }

    @Override
    public Optional<TaskInstance> task(long taskInstId) {
        return jdbc.sql("SELECT * FROM batch_task_instances WHERE task_inst_id = ?").param(taskInstId)
                .query(PostgresRunRepository::task).optional();
    }

    @Override
    public void update(TaskInstance t) {
        jdbc.sql("""
                UPDATE batch_task_instances SET status = ?, attempts = ?, progress = ?, message = ?, start_time = ?,
                    end_time = ? WHERE task_inst_id = ?""")
                .params(t.status().code(), t.attempts(), t.progress(), t.message(), Sql.ts(t.startTime()),
                        Sql.ts(t.endTime()), t.taskInstId())
                .update();
    }

    @Override
    public Optional<FlowInstance> nextQueued(long flowId) {
        return jdbc.sql("SELECT * FROM batch_flow_instances WHERE flow_id = ? AND status IN " + QUEUED
                        + " ORDER BY trigger_time, instance_id LIMIT 1")
                .param(flowId).query(PostgresRunRepository::instance).optional();
    }

    @Override
    public List<Long> flowsWithWork() {
        return jdbc.sql("SELECT DISTINCT flow_id FROM batch_flow_instances WHERE status IN " + QUEUED
                        + " OR status = " + InstanceStatus.RUNNING.code())
                .query(Long.class).list();
    }

    @Override
    public List<FlowInstance> running(long flowId) {
        return jdbc.sql("SELECT * FROM batch_flow_instances WHERE flow_id = ? AND status = ? ORDER BY instance_id")
                .params(flowId, InstanceStatus.RUNNING.code()).query(PostgresRunRepository::instance).list();
    }

    @Override
    public boolean succeeded(long flowId, LocalDate calDt) {
        return jdbc.sql("SELECT count(*) FROM batch_flow_instances WHERE flow_id = ? AND cal_dt = ? AND status = ?")
                .params(flowId, calDt, InstanceStatus.SUCCESS.code()).query(Long.class).single() > 0;
    }

    @Override
    public void appendLog(long taskInstId, Instant time, String line) {
        jdbc.sql("INSERT INTO batch_task_logs (task_inst_id, log_time, line) VALUES (?, ?, ?)")
                .params(taskInstId, Sql.ts(time), line.length() > 8000 ? line.substring(0, 8000) + "…" : line)
                .update();
    }

    @Override
    public List<String> log(long taskInstId, int offset, int limit) {
        return jdbc.sql("""
                SELECT log_time, line FROM batch_task_logs WHERE task_inst_id = ? ORDER BY line_id OFFSET ? LIMIT ?""")
                .params(taskInstId, offset, limit)
                .query((rs, n) -> Sql.instant(rs, "log_time") + " " + rs.getString("line")).list();
    }

    private static FlowInstance instance(ResultSet rs, int row) throws SQLException {
        return new FlowInstance(rs.getLong("instance_id"), rs.getLong("flow_id"), rs.getString("org_id"),
                rs.getString("flow_name"), InstanceStatus.ofCode(rs.getInt("status")), rs.getString("status_desc"),
                Sql.instant(rs, "trigger_time"), rs.getObject("cal_dt", LocalDate.class),
                Json.strings(rs.getString("parameters")), Json.read(rs.getString("definition"), Workflow.class),
                Sql.instant(rs, "create_time"), Sql.instant(rs, "start_time"), Sql.instant(rs, "end_time"));
    }

    private static TaskInstance task(ResultSet rs, int row) throws SQLException {
        return new TaskInstance(rs.getLong("task_inst_id"), rs.getLong("instance_id"), rs.getString("task_name"),
                TaskKind.valueOf(rs.getString("kind")), InstanceStatus.ofCode(rs.getInt("status")),
                rs.getInt("attempts"), rs.getInt("progress"), rs.getString("message"), Sql.instant(rs, "start_time"),
                Sql.instant(rs, "end_time"));
    }
}
