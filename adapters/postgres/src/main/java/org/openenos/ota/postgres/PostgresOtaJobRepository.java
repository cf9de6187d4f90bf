package org.openenos.ota.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.ota.OtaJob;
import org.openenos.ota.OtaJobRepository;
import org.openenos.ota.OtaTask;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** OTA jobs and tasks in tables {@code ota_jobs} and {@code ota_tasks} (migration V90). */
public final class PostgresOtaJobRepository implements OtaJobRepository {
    private static final String ACTIVE = "('RUNNING','PAUSED')";
    private static final int INSERT_CHUNK = 500;
    private final JdbcClient jdbc;

    public PostgresOtaJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(OtaJob job) {
        jdbc.sql("""
                INSERT INTO ota_jobs (job_id, org_id, product_key, firmware_id, name, scope, policy, status,
                    create_time, start_time, end_time, job_type, incremental)
                VALUES (?, ?, ?, ?, ?, CAST(? AS JSONB), CAST(? AS JSONB), ?, ?, ?, ?, ?, ?)""")
                .params(job.jobId(), job.orgId(), job.productKey(), job.firmwareId(), job.name(),
                        Json.write(job.scope()), Json.write(job.policy()), job.status().name(),
                        Sql.ts(job.createTime()), Sql.ts(job.startTime()), Sql.ts(job.endTime()), job.kind().name(),
                        job.incremental())
                .update();
    }

    @Override
    public boolean update(OtaJob job, OtaJob.Status expected) {
        return jdbc.sql("UPDATE ota_jobs SET status = ?, start_time = ?, end_time = ? WHERE job_id = ? AND status = ?")
                .params(job.status().name(), Sql.ts(job.startTime()), Sql.ts(job.endTime()), job.jobId(),
                        expected.name())
                .update() > 0;
    }

    @Override
    public Optional<OtaJob> find(String orgId, String jobId) {
        return jdbc.sql("SELECT * FROM ota_jobs WHERE org_id = ? AND job_id = ?").params(orgId, jobId)
                .query(PostgresOtaJobRepository::job).optional();
    }

    @Override
    public List<OtaJob> search(JobQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        params.add(q.offset());
        params.add(q.limit());
        return jdbc.sql("SELECT * FROM ota_jobs" + where + " ORDER BY create_time DESC, job_id OFFSET ? LIMIT ?")
                .params(params).query(PostgresOtaJobRepository::job).list();
    }

    @Override
    public long count(JobQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        return jdbc.sql("SELECT count(*) FROM ota_jobs" + where).params(params).query(Long.class).single();
    }

    @Override
    public boolean delete(String orgId, String jobId) {
        return jdbc.sql("DELETE FROM ota_jobs WHERE org_id = ? AND job_id = ?").params(orgId, jobId).update() > 0;
    }

    @Override
    public List<OtaJob> withStatus(OtaJob.Status status) {
        return jdbc.sql("SELECT * FROM ota_jobs WHERE status = ? ORDER BY create_time").param(status.name())
                .query(PostgresOtaJobRepository::job).list();
    }

    @Override
    public boolean lease(String jobId, String node, java.time.Instant now, java.time.Instant until) {
        return jdbc.sql("""
                UPDATE ota_jobs SET driver = ?, lease_until = ?
                WHERE job_id = ? AND (driver = ? OR driver IS NULL OR lease_until < ?)""")
                .params(node, Sql.ts(until), jobId, node, Sql.ts(now)).update() > 0;
    }

    @Override
    public long unfinishedUsing(String orgId, String firmwareId) {
        return jdbc.sql("""
                SELECT count(*) FROM ota_jobs WHERE org_id = ? AND firmware_id = ?
                    AND status IN ('CREATED','RUNNING','PAUSED')""")
                .params(orgId, firmwareId).query(Long.class).single();
    }

    /** Many rows per statement: a job over a large fleet starts in a few round trips. */
    @Override
    public void insertTasks(List<OtaTask> tasks) {
        for (int from = 0; from < tasks.size(); from += INSERT_CHUNK) {
            List<OtaTask> chunk = tasks.subList(from, Math.min(tasks.size(), from + INSERT_CHUNK));
            StringBuilder sql = new StringBuilder("""
                    INSERT INTO ota_tasks (task_id, job_id, org_id, asset_id, product_key, device_key, from_version,
                        to_version, status, progress, description, attempts, next_attempt_time, update_time) VALUES """);
            List<Object> params = new ArrayList<>();
            for (OtaTask t : chunk) {
                sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                params.addAll(java.util.Arrays.asList(t.taskId(), t.jobId(), t.orgId(), t.assetId(), t.productKey(),
                        t.deviceKey(), t.fromVersion(), t.toVersion(), t.status().name(), t.progress(), t.desc(),
                        t.attempts(), Sql.ts(t.nextAttemptTime()), Sql.ts(t.updateTime())));
            }
            // an incremental job's sweep meets the devices it has already taken on
            jdbc.sql(sql.append(" ON CONFLICT (task_id) DO NOTHING").toString()).params(params).update();
        }
    }

    @Override
    public boolean update(OtaTask t, OtaTask.Status expected) {
        return jdbc.sql("""
                UPDATE ota_tasks SET status = ?, progress = ?, description = ?, attempts = ?, next_attempt_time = ?,
                    update_time = ? WHERE task_id = ? AND status = ?""")
                .params(t.status().name(), t.progress(), t.desc(), t.attempts(), Sql.ts(t.nextAttemptTime()),
                        Sql.ts(t.updateTime()), t.taskId(), expected.name())
                .update() > 0;
    }

    @Override
    public Optional<OtaTask> task(String taskId) {
        return jdbc.sql("SELECT * FROM ota_tasks WHERE task_id = ?").param(taskId)
                .query(PostgresOtaJobRepository::task).optional();
    }

    @Override
    public List<OtaTask> dueTasks(String jobId, java.time.Instant now, int limit) {
        return jdbc.sql("""
                SELECT t.* FROM ota_tasks t LEFT JOIN devices d ON d.asset_id = t.asset_id
                WHERE t.job_id = ? AND t.status = 'INIT' AND (t.next_attempt_time IS NULL OR t.next_attempt_time <= ?)
                ORDER BY (d.status = 'online') DESC NULLS LAST, t.device_key LIMIT ?""")
                .params(jobId, Sql.ts(now), limit).query(PostgresOtaJobRepository::task).list();
    }

    @Override
    public List<OtaTask> searchTasks(TaskQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        params.add(q.offset());
        params.add(q.limit());
        return jdbc.sql("SELECT * FROM ota_tasks" + where + " ORDER BY device_key, task_id OFFSET ? LIMIT ?")
                .params(params).query(PostgresOtaJobRepository::task).list();
    }

    @Override
    public long countTasks(TaskQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        return jdbc.sql("SELECT count(*) FROM ota_tasks" + where).params(params).query(Long.class).single();
    }

    @Override
    public Optional<OtaTask> activeTaskOf(String assetId) {
        return jdbc.sql("""
                SELECT t.* FROM ota_tasks t JOIN ota_jobs j ON j.job_id = t.job_id
                WHERE t.asset_id = ? AND j.status IN """ + ACTIVE + """
                 AND t.status IN ('INIT','PUBLISHED','UPGRADING')
                ORDER BY j.create_time DESC LIMIT 1""")
                .param(assetId).query(PostgresOtaJobRepository::task).optional();
    }

    @Override
    public java.util.Set<String> assetsWithActiveTasks(String orgId, String productKey) {
        return new java.util.HashSet<>(jdbc.sql("""
                SELECT t.asset_id FROM ota_tasks t JOIN ota_jobs j ON j.job_id = t.job_id
                WHERE j.org_id = ? AND j.product_key = ? AND j.status IN """ + ACTIVE + """
                 AND t.status IN ('INIT','PUBLISHED','UPGRADING')""")
                .params(orgId, productKey).query(String.class).list());
    }

    @Override
    public List<OtaJob> runningIncremental(String orgId, String productKey) {
        return jdbc.sql("""
                SELECT * FROM ota_jobs WHERE org_id = ? AND product_key = ? AND incremental AND status = 'RUNNING'
                ORDER BY create_time""")
                .params(orgId, productKey).query(PostgresOtaJobRepository::job).list();
    }

    @Override
    public Map<OtaTask.Status, Long> taskCounts(String jobId) {
        return counts("SELECT status, count(*) AS n FROM ota_tasks WHERE job_id = ? GROUP BY status", jobId);
    }

    @Override
    public Map<OtaJob.Status, Long> jobCounts() {
        Map<OtaJob.Status, Long> counts = new EnumMap<>(OtaJob.Status.class);
        for (OtaJob.Status s : OtaJob.Status.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("SELECT status, count(*) AS n FROM ota_jobs GROUP BY status").query(rs -> {
            counts.put(OtaJob.Status.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }

    @Override
    public Map<OtaTask.Status, Long> activeTaskCounts() {
        return counts("""
                SELECT t.status, count(*) AS n FROM ota_tasks t JOIN ota_jobs j ON j.job_id = t.job_id
                WHERE j.status IN """ + ACTIVE + " GROUP BY t.status");
    }

    private Map<OtaTask.Status, Long> counts(String sql, Object... params) {
        Map<OtaTask.Status, Long> counts = new EnumMap<>(OtaTask.Status.class);
        for (OtaTask.Status s : OtaTask.Status.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql(sql).params(params).query(rs -> {
            counts.put(OtaTask.Status.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }

    private static String where(JobQuery q, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE org_id = ?");
        params.add(q.orgId());
        eq(sql, params, "product_key", q.productKey());
        eq(sql, params, "firmware_id", q.firmwareId());
        eq(sql, params, "status", q.status() == null ? null : q.status().name());
        return sql.toString();
    }

    private static String where(TaskQuery q, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE org_id = ?");
        params.add(q.orgId());
        eq(sql, params, "job_id", q.jobId());
        eq(sql, params, "device_key", q.deviceKey());
        if (q.statuses() != null && !q.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(String.join(",", q.statuses().stream().map(s -> "?").toList()))
                    .append(')');
            q.statuses().forEach(s -> params.add(s.name()));
        }
        return sql.toString();
    }

    private static void eq(StringBuilder sql, List<Object> params, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static OtaJob job(ResultSet rs, int i) throws SQLException {
        return new OtaJob(rs.getString("job_id"), rs.getString("org_id"), rs.getString("product_key"),
                rs.getString("firmware_id"), rs.getString("name"),
                Json.read(rs.getString("scope"), OtaJob.Scope.class),
                Json.read(rs.getString("policy"), OtaJob.Policy.class), OtaJob.Status.valueOf(rs.getString("status")),
                Sql.instant(rs, "create_time"), Sql.instant(rs, "start_time"), Sql.instant(rs, "end_time"),
                OtaJob.Kind.valueOf(rs.getString("job_type")), rs.getBoolean("incremental"));
    }

    private static OtaTask task(ResultSet rs, int i) throws SQLException {
        return new OtaTask(rs.getString("task_id"), rs.getString("job_id"), rs.getString("org_id"),
                rs.getString("asset_id"), rs.getString("product_key"), rs.getString("device_key"),
                rs.getString("from_version"), rs.getString("to_version"), OtaTask.Status.valueOf(rs.getString("status")),
                rs.getInt("progress"), rs.getString("description"), rs.getInt("attempts"),
                Sql.instant(rs, "next_attempt_time"), Sql.instant(rs, "update_time"));
    }
}
