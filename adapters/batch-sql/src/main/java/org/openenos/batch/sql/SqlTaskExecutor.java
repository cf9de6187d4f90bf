package org.openenos.batch.sql;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskExecutor;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;

/**
 * SQL tasks: {@code sql} runs over the organization's history, metadata and sources; its rows go to
 * {@code target}: {@code measurepoints} (the default; columns {@code asset_id, point_id, ts, value}, written
 * through the ingest path so they are stored, charted and alerted on like device data) or a table
 * {@code alias.schema.table} of a writable registered source ({@code mode} {@code append} or {@code overwrite}).
 * A row naming an asset outside the organization or a point its model lacks fails the task before anything is
 * written. The setting {@code engine} chooses where the query runs: {@code calcite} in this server (ADR 0100) or
 * {@code flink} on the Flink session cluster (ADR 0130); without it, the server's default engine.
 */
public final class SqlTaskExecutor implements TaskExecutor {
    /** Where a step's query runs. */
    @FunctionalInterface
    public interface StepQueries {
        QueryResult query(TaskContext ctx, String sql, SqlQueries.Limits limits);
    }

    /** The engines a step may name: {@code flink} is null when no Flink cluster is configured. */
    public record Engines(StepQueries calcite, StepQueries flink, String defaultEngine) {
        public Engines {
            if (!CALCITE.equals(defaultEngine) && !FLINK.equals(defaultEngine)) {
                throw new IllegalArgumentException("the batch SQL engine is calcite or flink, not " + defaultEngine);
            }
            if (FLINK.equals(defaultEngine) && flink == null) {
                throw new IllegalArgumentException("the flink batch SQL engine needs a Flink cluster:"
                        + " set openenos.batch.cluster.exchange-dir (and the cluster's REST address)");
            }
        }
    }

    public static final String CALCITE = "calcite";
    public static final String FLINK = "flink";
    private final Engines engines;
    private final OrgCatalog catalog;
    private final TelemetryIngest ingest;
    private final ExternalSources sources;
    private final ZoneId zone;

    public SqlTaskExecutor(CalciteSqlQueries engine, OrgCatalog catalog, TelemetryIngest ingest,
                           ExternalSources sources, ZoneId zone) {
        this(new Engines((ctx, sql, limits) -> engine.query(ctx.orgId(), sql, limits, ctx::checkStop), null, CALCITE),
                catalog, ingest, sources, zone);
    }

    public SqlTaskExecutor(Engines engines, OrgCatalog catalog, TelemetryIngest ingest, ExternalSources sources,
                           ZoneId zone) {
        this.engines = engines;
        this.catalog = catalog;
        this.ingest = ingest;
        this.sources = sources;
        this.zone = zone;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.SQL;
    }

    @Override
    public void validate(TaskSpec task) {
        String sql = task.setting("sql");
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("task " + task.name() + " needs the setting \"sql\"");
        }
        String engine = engineOf(task.setting("engine"));
        if (FLINK.equals(engine) && engines.flink() == null) {
            throw new IllegalArgumentException("task " + task.name() + " asks for the flink engine, but no Flink"
                    + " cluster is configured (openenos.batch.cluster.rest-address)");
        }
        // Flink's own planner accepts only queries; its dialect is not always Calcite's MySQL one
        if (CALCITE.equals(engine) && !sql.contains("${")) {
            CalciteSqlQueries.checkReadOnly(sql);
        }
        String target = task.setting("target");
        if (target != null && !target.equals("measurepoints")) {
            JdbcTableSink.Target.parse(target);
        }
    }

    @Override
    public String execute(TaskContext ctx) throws Exception {
        String engine = engineOf(ctx.setting("engine"));
        StepQueries queries = FLINK.equals(engine) ? engines.flink() : engines.calcite();
        if (queries == null) {
            throw new IllegalArgumentException("no Flink cluster is configured for the flink engine");
        }
        QueryResult result = queries.query(ctx, ctx.required("sql"), TaskWindow.of(ctx, zone));
        if (result.truncated()) {
            throw new IllegalStateException("the query returned more than " + ctx.maxRows() + " rows (maxRows)");
        }
        ctx.log().info("query returned " + result.rows().size() + " rows in " + result.millis() + " ms");
        ctx.progress().accept(50);
        ctx.checkStop();
        String target = ctx.setting("target");
        if (target == null || target.equals("measurepoints")) {
            List<MeasurePointValue> values = measurePoints(ctx.orgId(), result);
            ingest.ingest(values).get();
            return "wrote " + values.size() + " measure point values";
        }
        JdbcTableSink.Target t = JdbcTableSink.Target.parse(target);
        ExternalSources.Credentials cred = sources.credentials(ctx.orgId(), t.alias()).orElseThrow(() ->
                new IllegalArgumentException("no source " + t.alias() + " is registered"));
        long n = JdbcTableSink.write(cred, t, result.columns(), result.rows(),
                "overwrite".equalsIgnoreCase(ctx.setting("mode")), ctx::checkStop);
        return "wrote " + n + " rows into " + target;
    }

    private String engineOf(String setting) {
        if (setting == null || setting.isBlank()) {
            return engines.defaultEngine();
        }
        String engine = setting.strip().toLowerCase(java.util.Locale.ROOT);
        if (!CALCITE.equals(engine) && !FLINK.equals(engine)) {
            throw new IllegalArgumentException("engine is calcite or flink, not " + setting);
        }
        return engine;
    }

    private List<MeasurePointValue> measurePoints(String orgId, QueryResult result) {
        int asset = column(result, "asset_id");
        int point = column(result, "point_id");
        int ts = column(result, "ts");
        int value = column(result, "value");
        Map<String, OrgCatalog.AssetRow> assets = new HashMap<>();
        catalog.assets(orgId).forEach(a -> assets.put(a.assetId(), a));
        Map<String, Set<String>> points = new HashMap<>();
        List<MeasurePointValue> values = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            String assetId = String.valueOf(row.get(asset));
            String pointId = String.valueOf(row.get(point));
            OrgCatalog.AssetRow a = assets.get(assetId);
            if (a == null) {
                throw new IllegalArgumentException("asset " + assetId + " is not an asset of the organization");
            }
            if (!points.computeIfAbsent(a.modelId(), m -> new HashSet<>(catalog.measurePoints(orgId, m)))
                    .contains(pointId)) {
                throw new IllegalArgumentException("model " + a.modelId() + " of asset " + assetId
                        + " has no measure point " + pointId);
            }
            if (!(row.get(ts) instanceof Number time)) {
                throw new IllegalArgumentException("ts must be a timestamp, got " + row.get(ts));
            }
            values.add(new MeasurePointValue(orgId, a.modelId(), assetId, pointId, time.longValue(), row.get(value),
                    null));
        }
        return values;
    }

    private static int column(QueryResult r, String name) {
        for (int i = 0; i < r.columns().size(); i++) {
            if (r.columns().get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("writing measure points needs a column " + name + " (columns: asset_id, "
                + "point_id, ts, value)");
    }
}
