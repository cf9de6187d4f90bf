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
 * written.
 */
public final class SqlTaskExecutor implements TaskExecutor {
    private final CalciteSqlQueries engine;
    private final OrgCatalog catalog;
    private final TelemetryIngest ingest;
    private final ExternalSources sources;
    private final ZoneId zone;

    public SqlTaskExecutor(CalciteSqlQueries engine, OrgCatalog catalog, TelemetryIngest ingest,
                           ExternalSources sources, ZoneId zone) {
        this.engine = engine;
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
        if (!sql.contains("${")) {
            CalciteSqlQueries.checkReadOnly(sql);
        }
        String target = task.setting("target");
        if (target != null && !target.equals("measurepoints")) {
            JdbcTableSink.Target.parse(target);
        }
    }

    @Override
    public String execute(TaskContext ctx) throws Exception {
        QueryResult result = engine.query(ctx.orgId(), ctx.required("sql"), TaskWindow.of(ctx, zone),
                ctx::checkStop);
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
